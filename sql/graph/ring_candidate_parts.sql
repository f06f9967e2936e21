-- table: graph.ring_candidate_parts
-- grain: one row per account per candidate part, before overlapping parts merge into ring
--   candidates: an identity group plus the counterparties whose
--   contracts are concentrated on it (a ring's freelancers need share nothing but their clients),
--   or a dense block of the contract graph (graph.contract_blocks), whatever its size; a block
--   that shares an account with an identity candidate merges with it in graph.ring_candidates
-- column part_id: the identity group's id (idg-...) or the contract block's (blk-...)
-- column account_id: the member account
-- column role: client or freelancer
-- column how_joined: identity (strong identity links), contracts (most of its contracts are
--   with the group's members) or contract_block (member of a dense contract block)
-- column link_strength: identity link strength inside the group (0 for members joined by contracts)
-- column contracts_with_group: for members joined by contracts, their contracts with identity members
create or replace table graph.ring_candidate_parts as
with members as (
    select group_id, account_id, link_strength from graph.identity_groups
),

sides as (
    select contract_id, client_id as account_id, freelancer_id as counterparty from staging.contracts
    union all
    select contract_id, freelancer_id, client_id from staging.contracts
),

activity as (
    select account_id, count(*) as n_contracts from sides group by account_id
),

touching as (
    select members.group_id, sides.counterparty as account_id, count(*) as contracts_with_group
    from sides
    inner join members on members.account_id = sides.account_id
    anti join members as inside
        on inside.group_id = members.group_id and inside.account_id = sides.counterparty
    group by members.group_id, sides.counterparty
),

absorbed as (
    select touching.group_id, touching.account_id, touching.contracts_with_group
    from touching
    inner join activity using (account_id)
    where
        touching.contracts_with_group >= $absorb_min_contracts
        and touching.contracts_with_group >= $absorb_share * activity.n_contracts
),

blocks as (
    select block_id, account_id from graph.contract_blocks
)

select
    candidates.group_id as part_id,
    candidates.account_id,
    accounts.role,
    candidates.how_joined,
    candidates.link_strength,
    candidates.contracts_with_group
from (
    select
        group_id,
        account_id,
        'identity' as how_joined,
        link_strength,
        null::bigint as contracts_with_group
    from members
    union all
    select group_id, account_id, 'contracts', 0, contracts_with_group from absorbed
    union all
    select block_id, account_id, 'contract_block', 0, null from blocks
) as candidates
inner join staging.accounts as accounts using (account_id)
order by
    part_id,
    case candidates.how_joined when 'identity' then 0 else 1 end,
    link_strength desc,
    account_id
