-- table: graph.account_links
-- grain: one row per pair of accounts that share at least one rare identifier (account_a <
--   account_b); hub values listed in graph.excluded_identifiers never make a pair
-- column account_a: the pair's smaller account id
-- column account_b: the pair's larger account id
-- column weight: strength of the link in [0, 1]: the noisy-OR of its pieces of evidence, each
--   worth the kind's weight times the value's rarity: 1 while no more accounts share it than a
--   family could (rare_up_to), then rare_up_to / n_accounts (hub values link nobody at all)
-- column is_strong: weight reaches the strong-link threshold: strong links form identity groups
-- column n_evidence: shared values behind the link
-- column evidence: the shared values, strongest first: kind, value, n_accounts, weight, and for an
--   ip the days both accounts used it
create or replace table graph.account_links as
with linkable as (
    select ids.account_id, ids.kind, ids.value, ids.n_accounts
    from staging.account_identifiers as ids
    anti join graph.excluded_identifiers as hubs using (kind, value)
    where ids.n_accounts > 1 and ids.kind in ('email', 'phone', 'device', 'instrument')
),

profile_pairs as (
    select
        a.account_id as account_a,
        b.account_id as account_b,
        a.kind,
        a.value,
        a.n_accounts,
        null::bigint as days_together
    from linkable as a
    inner join linkable as b
        on a.kind = b.kind and a.value = b.value and a.account_id < b.account_id
),

ip_days as (
    select distinct logins.account_id, logins.ip, cast(logins.ts as date) as day
    from staging.logins as logins
    inner join staging.account_identifiers as ids
        on ids.kind = 'ip' and ids.value = logins.ip and ids.account_id = logins.account_id
    anti join graph.excluded_identifiers as hubs on hubs.kind = 'ip' and hubs.value = logins.ip
    where ids.n_accounts > 1
),

ip_pairs as (
    select
        a.account_id as account_a,
        b.account_id as account_b,
        'ip' as kind,
        a.ip as value,
        any_value(ids.n_accounts) as n_accounts,
        count(*) as days_together
    from ip_days as a
    inner join ip_days as b
        on a.ip = b.ip and a.day = b.day and a.account_id < b.account_id
    inner join staging.account_identifiers as ids
        on ids.kind = 'ip' and ids.value = a.ip and ids.account_id = a.account_id
    group by a.account_id, b.account_id, a.ip
),

evidence as (
    select
        *,
        least(1.0, $rare_up_to / n_accounts) * case kind
            when 'instrument' then $weight_instrument
            when 'email' then $weight_email
            when 'phone' then $weight_phone
            when 'device' then $weight_device
            when 'ip' then $weight_ip
        end as weight
    from (select * from profile_pairs union all select * from ip_pairs)
)

select
    account_a,
    account_b,
    1 - exp(sum(ln(1 - least(weight, 0.999)))) as weight,
    1 - exp(sum(ln(1 - least(weight, 0.999)))) >= $strong_link as is_strong,
    count(*) as n_evidence,
    list(
        {'kind': kind, 'value': value, 'n_accounts': n_accounts, 'weight': round(weight, 3),
         'days_together': days_together}
        order by weight desc, kind, value
    ) as evidence
from evidence
group by account_a, account_b
order by account_a, account_b
