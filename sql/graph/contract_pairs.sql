-- table: graph.contract_pairs
-- grain: one row per client-freelancer pair with at least one contract: the edges of the contract
--   graph, with how concentrated each side's work is on the other
-- column client_id: the client
-- column freelancer_id: the freelancer
-- column contracts: contracts between the two
-- column paid: gross amount paid on them (refunds and chargebacks not subtracted)
-- column client_share: contracts / all contracts of the client
-- column freelancer_share: contracts / all contracts of the freelancer
-- column mutual_share: the smaller of the two shares: high only when both sides work mostly for
--   each other, as ring members do, and low for a popular freelancer's many clients
-- column freelancer_clients: distinct clients of the freelancer
-- column peel_weight: the pair's weight in dense-block peeling: sqrt(contracts) / ln(freelancer
--   clients + 5), FRAUDAR's column weighting, so popular freelancers camouflage nothing
create or replace table graph.contract_pairs as
with pairs as (
    select
        contracts.client_id,
        contracts.freelancer_id,
        count(*) as contracts,
        coalesce(sum(paid.gross), 0) as paid
    from staging.contracts as contracts
    left join (
        select contract_id, sum(amount) as gross
        from staging.payments
        where kind not in ('refund', 'chargeback')
        group by contract_id
    ) as paid using (contract_id)
    group by contracts.client_id, contracts.freelancer_id
),

sides as (
    select
        *,
        sum(contracts) over (partition by client_id) as client_total,
        sum(contracts) over (partition by freelancer_id) as freelancer_total,
        count(*) over (partition by freelancer_id) as freelancer_clients
    from pairs
)

select
    client_id,
    freelancer_id,
    contracts,
    paid,
    round(contracts / client_total, 4) as client_share,
    round(contracts / freelancer_total, 4) as freelancer_share,
    round(least(contracts / client_total, contracts / freelancer_total), 4) as mutual_share,
    freelancer_clients,
    sqrt(contracts) / ln(freelancer_clients + $peel_weight_offset) as peel_weight
from sides
order by client_id, freelancer_id
