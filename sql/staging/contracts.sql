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
    ended_at
from checked_contracts
where len(reasons) = 0
