-- table: queues.case_status
-- grain: one row per case found in this run, queued or not: what the queue leaves out of the
--   contract's columns (status, newness, related cases, the raw score)
-- column case_id: the stable case id
-- column pattern: ring, immediate_hire or contact_dropoff
-- column detector_key: the detector's own key for the case (scores.* tables)
-- column raw_score: the detector's score before calibration
-- column score: the calibrated score
-- column in_queue: the case is in queues.investigation_queue: its score reaches the queue's
--   minimum and it is not decided, or it changed materially since
-- column is_new: first queued in this run
-- column status: open, needs_info, confirmed or dismissed (the latest decision)
-- column decided_at: time of the latest decision, UTC
-- column decided_by: who made it
-- column change_since_decision: what changed since a confirmed or dismissed decision, if anything
-- column related_case_ids: cases of other patterns that share an account with this one
create or replace table queues.case_status as
with members as (
    select case_id, pattern, unnest(account_ids) as account_id from queue_cases where in_queue
),

related as (
    select one.case_id, list(distinct other.case_id order by other.case_id) as related_case_ids
    from members as one
    inner join members as other
        on one.account_id = other.account_id and one.pattern <> other.pattern
    group by one.case_id
)

select
    queue_cases.case_id,
    queue_cases.pattern,
    queue_cases.case_key as detector_key,
    queue_cases.raw_score,
    queue_cases.score,
    queue_cases.in_queue,
    queue_cases.is_new,
    queue_cases.status,
    try_cast(queue_cases.decided_at as timestamptz)::timestamp as decided_at,
    queue_cases.decided_by,
    queue_cases.change_since_decision,
    coalesce(related.related_case_ids, []) as related_case_ids
from queue_cases
left join related using (case_id)
order by queue_cases.in_queue desc, queue_cases.score desc, queue_cases.case_id
