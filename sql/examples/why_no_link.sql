-- Why two accounts were not linked: the identifiers they share, and for each whether it was
-- excluded as a hub (NAT, office, campus) and why, or how much it weighs in their link.
with params as (
    select 'ACCOUNT_A' as a, 'ACCOUNT_B' as b
),

shared as (
    select one.kind, one.value, one.n_accounts, one.value_class
    from staging.account_identifiers as one
    inner join staging.account_identifiers as other using (kind, value)
    cross join params
    where one.account_id = params.a and other.account_id = params.b
)

select
    shared.kind,
    shared.value,
    shared.value_class,
    shared.n_accounts,
    hubs.reason as excluded_because,
    links.weight as link_weight,
    links.is_strong
from shared
left join graph.excluded_identifiers as hubs using (kind, value)
left join graph.account_links as links
    on links.account_a = least((select a from params), (select b from params))
    and links.account_b = greatest((select a from params), (select b from params))
order by shared.kind, shared.value;
