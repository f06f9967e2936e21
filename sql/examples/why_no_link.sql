-- Why two accounts were not linked: the identifiers they share, and for each whether it was
-- excluded as a hub (NAT, office, campus) and why, or how much it weighs in their link.
-- param account_a: one account id
-- param account_b: the other account id, in either order
-- example: account_a=a0000421 account_b=a0000624
with shared as (
    select one.kind, one.value, one.n_accounts, one.value_class
    from staging.account_identifiers as one
    inner join staging.account_identifiers as other using (kind, value)
    where one.account_id = $account_a and other.account_id = $account_b
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
    on links.account_a = least($account_a, $account_b)
    and links.account_b = greatest($account_a, $account_b)
order by shared.kind, shared.value;
