-- table: graph.excluded_identifiers
-- grain: one row per shared identifier value that does not link accounts, with the reason, so an
--   investigator can see why a link was not drawn
-- column kind: email, phone, device, instrument, ip, or ip_network for an IPv6 /64 (a household's
--   prefix; IPv4 /24 networks hold many households and link nobody)
-- column value: the normalized value
-- column value_class: the value's class (carrier_grade_nat, private, ...) where one is known
-- column n_accounts: distinct accounts that use it
-- column hub_threshold: the most accounts a linking value of this kind may have in this data: the
--   hub quantile of shared values' account counts, clamped between the floor and the ceiling
-- column reason: why it does not link: a crowd address class, or more accounts than hub_threshold
create or replace table graph.excluded_identifiers as
with shared as (
    select kind, value, any_value(value_class) as value_class, any_value(n_accounts) as n_accounts
    from staging.account_identifiers
    where
        n_accounts > 1
        and (
            kind in ('email', 'phone', 'device', 'instrument', 'ip')
            or (kind = 'ip_network' and value like '%:%')
        )
    group by kind, value
),

thresholds as (
    select
        kind,
        least(greatest(quantile_disc(n_accounts, $hub_quantile), $hub_floor), $hub_ceiling)
            as hub_threshold
    from shared
    group by kind
)

select
    shared.kind,
    shared.value,
    shared.value_class,
    shared.n_accounts,
    thresholds.hub_threshold,
    case
        when shared.kind in ('ip', 'ip_network') and shared.value_class <> 'public'
            then 'ip in a ' || replace(shared.value_class, '_', '-')
                || ' range, shared by design by unrelated users'
        else 'used by ' || shared.n_accounts || ' accounts, more than the hub threshold of '
            || thresholds.hub_threshold || ' for ' || shared.kind
    end as reason
from shared
inner join thresholds using (kind)
where
    shared.n_accounts > thresholds.hub_threshold
    or (shared.kind in ('ip', 'ip_network') and shared.value_class <> 'public')
order by shared.kind, shared.n_accounts desc, shared.value
