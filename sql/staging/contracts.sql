-- table: staging.contracts
-- grain: one row per contract that passed every rule of the data contract
-- column contract_id: the contract's id; unique
-- column client_id: the hiring account; a client in staging.accounts
-- column freelancer_id: the hired account; a freelancer in staging.accounts
-- column created_at: hire time, UTC
-- column job_posted_at: when the job was posted, UTC; null when there was no public post
-- column hire_type: job_post, invite or direct_contract
-- column proposals: proposals the job received before the hire; null when not known
-- column pricing: hourly or fixed
-- column status: active, completed or cancelled
-- column ended_at: end time, UTC; null while active or when not known
-- column flags: times that contradict another table, kept rather than quarantined: 'created_at
--   before the client signed up', 'created_at before the freelancer signed up'; empty when none
create or replace table staging.contracts as
select
    contract_id,
    client_id,
    freelancer_id,
    created_at,
    job_posted_at,
    hire_type,
    proposals,
    pricing,
    status,
    ended_at,
    flags
from checked_contracts
where len(reasons) = 0
