-- table: graph.block_vertices
-- grain: one row per account on either side of a contract pair, numbered densely for the
--   dense-block search (numpy and numba work on these integer ids)
-- column vertex_id: 0-based dense integer id, in account_id order
-- column account_id: the account
-- column is_client: the account hires (the client side of its pairs)
-- column counterparties: distinct accounts it has contracts with (its degree in the contract
--   graph, what the chance model of 4-cycles and blocks is built from)
-- column prior: the account's identity link strength (graph.identity_groups), FRAUDAR's node
--   prior that pulls dense blocks towards identity-linked accounts; 0 without identity links
create or replace table graph.block_vertices as
with sides as (
    select client_id as account_id, true as is_client, count(*) as counterparties
    from graph.contract_pairs
    group by client_id
    union all
    select freelancer_id, false, count(*) from graph.contract_pairs group by freelancer_id
),

accounts as (
    select account_id, bool_or(is_client) as is_client, sum(counterparties) as counterparties
    from sides
    group by account_id
)

select
    (row_number() over (order by accounts.account_id) - 1)::bigint as vertex_id,
    accounts.account_id,
    accounts.is_client,
    accounts.counterparties::bigint as counterparties,
    least(coalesce(groups.link_strength, 0), 1.0) as prior
from accounts
left join graph.identity_groups as groups using (account_id)
order by vertex_id
