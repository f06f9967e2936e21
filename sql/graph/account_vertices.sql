-- table: graph.account_vertices
-- grain: one row per account with at least one strong identity link, numbered densely for igraph
-- column vertex_id: 0-based dense integer id, in account_id order
-- column account_id: the account
create or replace table graph.account_vertices as
with linked as (
    select account_a as account_id from graph.account_links where is_strong
    union
    select account_b from graph.account_links where is_strong
)

select (row_number() over (order by account_id) - 1)::bigint as vertex_id, account_id
from linked
order by vertex_id
