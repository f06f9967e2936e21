-- table: queues.investigation_queue
-- grain: one row per open case, across patterns, in the order to review them (the columns of
--   the data contract, exported as investigation_queue.parquet and .csv)
-- column case_id: stable id: the same pattern over the same members gets the same id in every
--   run, and a case keeps it when a member joins or leaves (queues.case_registry)
-- column rank: 1 is the case to review first; unique, no gaps
-- column pattern: ring, immediate_hire or contact_dropoff
-- column score: calibrated score in [0, 1], comparable across patterns: the estimated chance the
--   case is confirmed (queues.calibration says how each pattern was calibrated)
-- column account_ids: the accounts the case is about, most central first
-- column contract_ids: the contracts that carry the evidence
-- column reasons: human-readable reasons with their numbers, most important first; a case that
--   comes back after a decision starts with what changed
create or replace table queues.investigation_queue as
select
    case_id,
    row_number() over (order by score desc, case_id)::integer as rank,
    pattern,
    score,
    account_ids,
    contract_ids,
    reasons
from queue_cases
where in_queue
order by rank
