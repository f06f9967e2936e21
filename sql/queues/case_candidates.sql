-- table: queues.case_candidates
-- grain: one row per case any detector scored in this run, whatever its score: the common shape
--   the queue is built from (every registered pattern's score table, analytics.patterns)
-- column case_key: the detector's own key (idg-/blk- for rings, ih-/ihh- for immediate hires,
--   cd- for drop-offs)
-- column pattern: the pattern (ring, immediate_hire, contact_dropoff, ...)
-- column raw_score: the detector's score in [0, 1], before calibration
-- column account_ids: the accounts the case is about, most central first
-- column contract_ids: the contracts that carry the evidence
-- column reasons: the detector's reasons, most important first
-- column paid_total: gross amount paid on contract_ids, for telling new money from old
-- column contact_findings: contact details and off-platform requests sent by the case's accounts
create or replace table queues.case_candidates as
with cases as (
    select case_key, pattern, score, account_ids, contract_ids, reasons from scored_cases
),

paid as (
    select cases.case_key, sum(payments.amount) as paid_total
    from cases, unnest(cases.contract_ids) as evidence(contract_id)
    inner join staging.payments as payments using (contract_id)
    where payments.kind not in ('refund', 'chargeback')
    group by cases.case_key
),

contacts as (
    select cases.case_key, count(*) as contact_findings
    from cases, unnest(cases.account_ids) as member(account_id)
    inner join features.message_contacts as found on found.sender_id = member.account_id
    group by cases.case_key
)

select
    cases.case_key,
    cases.pattern,
    cases.score as raw_score,
    cases.account_ids,
    cases.contract_ids,
    cases.reasons,
    coalesce(paid.paid_total, 0)::double as paid_total,
    coalesce(contacts.contact_findings, 0) as contact_findings
from cases
left join paid using (case_key)
left join contacts using (case_key)
order by cases.pattern, cases.case_key
