-- macro: noisy_or(weight, cap) -> aggregate: 1 - prod(1 - weight), each weight capped below 1 so
--   the logarithm stays finite: independent pieces of evidence combined.
create or replace temp macro noisy_or(weight, cap) as (
    1 - exp(sum(ln(1 - least(weight, cap))))
);
