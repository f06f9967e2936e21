-- table: queues.case_registry
-- grain: one row per case ever queued, kept from run to run: where stable case ids come from
-- column case_id: the stable case id
-- column pattern: ring, immediate_hire or contact_dropoff
-- column account_ids: the case's accounts in its latest run
-- column first_run: the run that first queued it (queues.runs)
-- column last_run: the latest run that found it
-- column paid_total: gross amount paid on its evidence contracts in its latest run
-- column contact_findings: contact findings sent by its accounts in its latest run
create table if not exists queues.case_registry (
    case_id varchar primary key,
    pattern varchar,
    account_ids varchar[],
    first_run integer,
    last_run integer,
    paid_total double,
    contact_findings bigint
)
