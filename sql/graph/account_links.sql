-- table: graph.account_links
-- grain: one row per pair of accounts that share at least one rare identifier (account_a <
--   account_b); hub values listed in graph.excluded_identifiers never make a pair
-- column account_a: the pair's smaller account id
-- column account_b: the pair's larger account id
-- column weight: strength of the link in [0, 1]: the noisy-OR of its pieces of evidence, each
--   worth the kind's weight times the value's rarity: 1 while no more accounts share it than a
--   family could (rare_up_to), then rare_up_to / n_accounts (hub values link nobody at all). An
--   IP (an IPv4 address or an IPv6 /64) counts once per ip_days_per_piece days used together:
--   1 - (1 - weight_ip) ^ (days_together / ip_days_per_piece)
-- column is_strong: weight reaches the strong-link threshold: strong links form identity groups
-- column n_evidence: shared values behind the link
-- column evidence: the shared values, strongest first: kind, value, n_accounts, weight, and for an
--   ip the days both accounts used it
create or replace table graph.account_links as
with linkable as (
    select account_id, kind, value, n_accounts, kind_weight
    from graph.linkable_identifiers
    where kind in ('email', 'phone', 'device', 'instrument')
),

profile_pairs as (
    select
        a.account_id as account_a,
        b.account_id as account_b,
        a.kind,
        a.value,
        a.n_accounts,
        a.kind_weight,
        null::bigint as days_together
    from linkable as a
    inner join linkable as b
        on a.kind = b.kind and a.value = b.value and a.account_id < b.account_id
),

ip_days as (
    select distinct
        logins.account_id,
        household_address(logins.ip, logins.ip_version, logins.ip_network) as ip,
        cast(logins.ts as date) as day
    from staging.logins as logins
    semi join graph.linkable_identifiers as ids
        on ids.kind = 'ip'
        and ids.value = household_address(logins.ip, logins.ip_version, logins.ip_network)
        and ids.account_id = logins.account_id
),

ip_pairs as (
    select
        a.account_id as account_a,
        b.account_id as account_b,
        'ip' as kind,
        a.ip as value,
        any_value(ids.n_accounts) as n_accounts,
        any_value(ids.kind_weight) as kind_weight,
        count(*) as days_together
    from ip_days as a
    inner join ip_days as b
        on a.ip = b.ip and a.day = b.day and a.account_id < b.account_id
    inner join graph.linkable_identifiers as ids
        on ids.kind = 'ip' and ids.value = a.ip and ids.account_id = a.account_id
    group by a.account_id, b.account_id, a.ip
),

evidence as (
    -- an IP is evidence again on every few days the two used it together (ip_days_per_piece):
    -- one shared afternoon is weak, a home address shared for weeks nearly an identity
    select
        *,
        rarity(n_accounts, $rare_up_to) * case
            when kind = 'ip'
                then 1 - power(1 - kind_weight, days_together / $ip_days_per_piece)
            else kind_weight
        end as weight
    from (select * from profile_pairs union all select * from ip_pairs)
)

select
    account_a,
    account_b,
    noisy_or(weight, $evidence_cap) as weight,
    noisy_or(weight, $evidence_cap) >= $strong_link as is_strong,
    count(*) as n_evidence,
    list(
        {'kind': kind, 'value': value, 'n_accounts': n_accounts, 'weight': round(weight, 3),
         'days_together': days_together}
        order by weight desc, kind, value
    ) as evidence
from evidence
group by account_a, account_b
order by account_a, account_b
