-- table: graph.block_vertices
-- grain: one row per account on either side of a concentrated contract pair (both sides do at
--   least the minimum share of their work with each other), numbered densely for igraph
-- column vertex_id: 0-based dense integer id, in account_id order
-- column account_id: the account
-- column prior: the account's identity link strength (graph.identity_groups), the prior that
--   pulls dense blocks towards identity-linked accounts; 0 without identity links
create or replace table graph.block_vertices as
with concentrated as (
    select client_id as account_id from graph.contract_pairs where mutual_share >= $min_mutual_share
    union
    select freelancer_id from graph.contract_pairs where mutual_share >= $min_mutual_share
)

select
    (row_number() over (order by concentrated.account_id) - 1)::bigint as vertex_id,
    concentrated.account_id,
    least(coalesce(groups.link_strength, 0), 1.0) as prior
from concentrated
left join graph.identity_groups as groups using (account_id)
order by vertex_id
