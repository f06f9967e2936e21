-- table: graph.contract_blocks
-- grain: one row per account in a dense block of the contract graph: clients and freelancers
--   whose pairs (graph.block_pairs) are far denser than their own activity explains, found by
--   exact FRAUDAR peeling without looking at identifiers; a block of any size is kept
-- column block_id: stable id of the block: 'blk-' and its smallest account id
-- column account_id: the member account
-- column block_size: accounts in the block
-- column clients: client accounts in the block
-- column freelancers: freelancer accounts in the block
-- column pairs: client-freelancer pairs with contracts inside the block
-- column possible_pairs: clients x freelancers: the pairs the block could have
-- column contracts: contracts inside the block
-- column density_ratio: pairs / possible_pairs against the marketplace's own share of
--   contracted pairs (all pairs / (clients x freelancers with any contract)): how many times
--   denser than the marketplace
-- column expected_pairs: pairs the members' numbers of counterparties predict among them
-- column log10_chance: log10 of the Poisson chance of the pairs beyond a spanning tree (a
--   connected set needs block_size - 1), given expected_pairs: how unlikely the block is by
--   chance; kept when at most block_max_log10_chance minus log10 of the marketplace's pairs
-- column peel_density: FRAUDAR's score of the block: (priors + edge weights inside) / accounts
create or replace table graph.contract_blocks as
with labelled as (
    select vertices.account_id, vertices.is_client, block_members.block
    from block_members
    inner join graph.block_vertices as vertices using (vertex_id)
),

inside as (
    select a.block, count(*) as pairs, sum(pairs.contracts) as contracts
    from graph.contract_pairs as pairs
    inner join labelled as a on a.account_id = pairs.client_id
    inner join labelled as b on b.account_id = pairs.freelancer_id and b.block = a.block
    group by a.block
),

market as (
    select
        count(*) / (count(distinct client_id) * count(distinct freelancer_id)) as pair_share
    from graph.contract_pairs
),

blocks as (
    select
        account_id,
        block,
        'blk-' || min(account_id) over (partition by block) as block_id,
        count(*) over (partition by block) as block_size,
        count(*) filter (where is_client) over (partition by block) as clients
    from labelled
)

select
    blocks.block_id,
    blocks.account_id,
    blocks.block_size,
    blocks.clients,
    blocks.block_size - blocks.clients as freelancers,
    inside.pairs,
    blocks.clients * (blocks.block_size - blocks.clients) as possible_pairs,
    inside.contracts::bigint as contracts,
    round(
        inside.pairs / (blocks.clients * (blocks.block_size - blocks.clients)) / market.pair_share,
        1
    ) as density_ratio,
    round(block_stats.expected_pairs, 4) as expected_pairs,
    round(block_stats.log10_chance, 1) as log10_chance,
    round(block_stats.density, 4) as peel_density
from blocks
inner join inside using (block)
inner join block_stats using (block)
cross join market
order by blocks.block_id, blocks.account_id
