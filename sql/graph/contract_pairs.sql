-- table: graph.contract_pairs
-- grain: one row per client-freelancer pair with at least one contract: every edge of the
--   contract graph, however much else either side does (outside work dilutes nothing here;
--   what enters the dense-block graph is decided from 4-cycles, see graph.block_pairs)
-- column client_id: the client
-- column freelancer_id: the freelancer
-- column contracts: contracts between the two
-- column paid: gross amount paid on them (refunds and chargebacks not subtracted)
-- column client_share: contracts / all contracts of the client
-- column freelancer_share: contracts / all contracts of the freelancer
-- column client_freelancers: distinct freelancers the client hired
-- column freelancer_clients: distinct clients of the freelancer
-- column peel_weight: the pair's weight in dense-block peeling, FRAUDAR's column weighting
--   1 / ln(freelancer clients + peel_weight_offset): an edge to a popular freelancer weighs
--   little, so a ring cannot hide behind them; a pair counts once however often it contracts
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
        count(*) over (partition by client_id) as client_freelancers,
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
    client_freelancers,
    freelancer_clients,
    1.0 / ln(freelancer_clients + $peel_weight_offset) as peel_weight
from sides
order by client_id, freelancer_id
