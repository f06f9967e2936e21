-- table: graph.block_pairs
-- grain: one row per client-freelancer pair that entered the dense-block graph: it lies on
--   more 4-cycles (its client and another share its freelancer and another) than the two
--   accounts' numbers of counterparties predict, beyond chance; pairs of contract_pairs not
--   here are one-off or ordinary work (a popular freelancer's many clients, work for outsiders)
-- column client_id: the client
-- column freelancer_id: the freelancer
-- column cycles: 4-cycles through the pair: (client', freelancer') with client'-freelancer,
--   client-freelancer' and client'-freelancer' all contract pairs
-- column expected_cycles: 4-cycles the degrees alone predict (pairs falling at random by the
--   accounts' numbers of counterparties, Chung-Lu)
-- column log10_chance: log10 of the Poisson chance of at least that many cycles; the pair
--   enters when it is at most pair_max_log10_chance
create or replace table graph.block_pairs as
select
    pairs.client_id,
    pairs.freelancer_id,
    evidence.cycles,
    round(evidence.expected_cycles, 4) as expected_cycles,
    round(evidence.log10_chance, 2) as log10_chance
from pair_evidence as evidence
inner join graph.block_vertices as c on c.vertex_id = evidence.src
inner join graph.block_vertices as f on f.vertex_id = evidence.dst
inner join graph.contract_pairs as pairs
    on pairs.client_id = c.account_id and pairs.freelancer_id = f.account_id
where evidence.kept
order by pairs.client_id, pairs.freelancer_id
