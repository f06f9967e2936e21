-- table: features.freelancer_fresh_clients
-- grain: one row per freelancer with at least one contract: how many of their clients were fresh
--   accounts that hired them immediately (features.hire_funnel.fresh_immediate), and over how
--   long; one such client can be a coincidence, several are a freelancer making their own clients
-- column freelancer_id: the freelancer
-- column freelancer_created_at: the freelancer's sign-up time, UTC
-- column contracts: contracts the freelancer ever had
-- column clients: distinct clients the freelancer ever had
-- column fresh_clients: distinct clients whose first contract hired this freelancer within
--   fresh_minutes of the client's sign-up, without competition
-- column fresh_share: fresh_clients / clients
-- column expected_fresh: fresh clients expected by chance: clients times the marketplace's rate of
--   fresh clients per client (a freelancer with thousands of clients meets some honest ones)
-- column excess_share: share of the fresh clients beyond chance, 1 - expected_fresh /
--   fresh_clients, at least 0; 0 without a fresh client
-- column fresh_linked: fresh clients that share a rare identifier with the freelancer (or pay with
--   an instrument another of its clients uses)
-- column first_fresh_at: hire time of the first fresh client, UTC; null without one
-- column last_fresh_at: hire time of the last fresh client, UTC; null without one
-- column fresh_span_days: days from the first to the last fresh client's hire; null without one
-- column median_minutes_to_hire: median minutes from a fresh client's sign-up to the hire
-- column fresh_paid_early: gross amount fresh clients paid within early_days of their hire
-- column fresh_client_ids: the fresh clients, in hire order
-- column fresh_contract_ids: their first contracts, in hire order
create or replace table features.freelancer_fresh_clients as
with fresh as (
    select *
    from features.hire_funnel
    where fresh_immediate
),

all_contracts as (
    select freelancer_id, count(*) as contracts, count(distinct client_id) as clients
    from features.hire_funnel
    group by freelancer_id
),

fresh_stats as (
    select
        freelancer_id,
        count(distinct client_id) as fresh_clients,
        count(distinct client_id) filter (where link_strength > 0) as fresh_linked,
        min(hired_at) as first_fresh_at,
        max(hired_at) as last_fresh_at,
        median(minutes_to_hire) as median_minutes_to_hire,
        sum(paid_early) as fresh_paid_early,
        list(client_id order by hired_at, contract_id) as fresh_client_ids,
        list(contract_id order by hired_at, contract_id) as fresh_contract_ids
    from fresh
    group by freelancer_id
),

rate as (
    select coalesce(
        (select sum(fresh_clients) from fresh_stats) / nullif(sum(clients), 0), 0
    ) as per_client
    from all_contracts
)

select
    all_contracts.freelancer_id,
    accounts.created_at as freelancer_created_at,
    all_contracts.contracts,
    all_contracts.clients,
    coalesce(fresh_stats.fresh_clients, 0) as fresh_clients,
    round(coalesce(fresh_stats.fresh_clients, 0) / all_contracts.clients, 4) as fresh_share,
    round(all_contracts.clients * rate.per_client, 4) as expected_fresh,
    case
        when fresh_stats.fresh_clients > 0 then round(
            greatest(0, 1 - all_contracts.clients * rate.per_client / fresh_stats.fresh_clients), 4
        )
        else 0
    end as excess_share,
    coalesce(fresh_stats.fresh_linked, 0) as fresh_linked,
    fresh_stats.first_fresh_at,
    fresh_stats.last_fresh_at,
    round(
        date_diff('second', fresh_stats.first_fresh_at, fresh_stats.last_fresh_at) / 86400.0, 2
    ) as fresh_span_days,
    fresh_stats.median_minutes_to_hire,
    coalesce(fresh_stats.fresh_paid_early, 0) as fresh_paid_early,
    coalesce(fresh_stats.fresh_client_ids, []) as fresh_client_ids,
    coalesce(fresh_stats.fresh_contract_ids, []) as fresh_contract_ids
from all_contracts
cross join rate
inner join staging.accounts as accounts on accounts.account_id = all_contracts.freelancer_id
left join fresh_stats using (freelancer_id)
order by all_contracts.freelancer_id
