-- table: graph.contract_blocks
-- grain: one row per account in a dense block of the contract graph: clients and freelancers who
--   mostly work with each other, found without looking at identifiers; a block is denser than a
--   tree (as many concentrated pairs as accounts, or twice as many contracts as pairs), so a
--   chain of new accounts each with its first client is no block
-- column block_id: stable id of the block: 'blk-' and its smallest account id
-- column account_id: the member account
-- column block_size: accounts in the block
-- column pairs: concentrated client-freelancer pairs inside the block
-- column contracts: contracts inside the block
create or replace table graph.contract_blocks as
with labelled as (
    select vertices.account_id, block_labels.label
    from block_labels
    inner join graph.block_vertices as vertices using (vertex_id)
    where block_labels.label >= 0
),

inside as (
    select a.label, count(*) as pairs, sum(pairs.contracts) as contracts
    from graph.contract_pairs as pairs
    inner join labelled as a on a.account_id = pairs.client_id
    inner join labelled as b on b.account_id = pairs.freelancer_id and b.label = a.label
    where pairs.mutual_share >= $min_mutual_share
    group by a.label
),

blocks as (
    select
        labelled.account_id,
        labelled.label,
        'blk-' || min(labelled.account_id) over (partition by labelled.label) as block_id,
        count(*) over (partition by labelled.label) as block_size
    from labelled
)

select
    blocks.block_id, blocks.account_id, blocks.block_size, inside.pairs, inside.contracts::bigint as contracts
from blocks
inner join inside using (label)
where
    blocks.block_size >= $min_block_size
    and inside.pairs >= $min_block_pairs
    -- denser than a tree: a cycle of hires, or pairs that hire again and again
    and (inside.pairs >= blocks.block_size or inside.contracts >= $repeat_contracts_per_pair * inside.pairs)
order by blocks.block_id, blocks.account_id
