-- table: graph.ring_candidates
-- grain: one row per account per ring candidate; candidate parts that share an account, and
--   identity groups that hire each other repeatedly, are one candidate, so the same accounts
--   are never two ring cases
-- column candidate_id: the smallest id of the merged identity groups (idg-...), or of the merged
--   contract blocks (blk-...) when no identity group is among them
-- column account_id: the member account
-- column role: client or freelancer
-- column how_joined: identity (strong identity links), contracts (most of its contracts are with
--   an identity group's members) or contract_block (member of a dense contract block); the
--   strongest where the account is in several parts
-- column link_strength: identity link strength inside its group (0 for members joined otherwise)
-- column contracts_with_group: for members joined by contracts, their contracts with identity members
create or replace table graph.ring_candidates as
select
    merge.candidate_id,
    parts.account_id,
    any_value(parts.role) as role,
    case min(case parts.how_joined when 'identity' then 0 when 'contracts' then 1 else 2 end)
        when 0 then 'identity'
        when 1 then 'contracts'
        else 'contract_block'
    end as how_joined,
    max(parts.link_strength) as link_strength,
    max(parts.contracts_with_group) as contracts_with_group
from graph.ring_candidate_parts as parts
inner join part_merge as merge using (part_id)
group by merge.candidate_id, parts.account_id
order by merge.candidate_id, min(case parts.how_joined when 'identity' then 0 else 1 end),
    link_strength desc, parts.account_id
