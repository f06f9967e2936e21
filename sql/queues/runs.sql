-- table: queues.runs
-- grain: one row per pipeline run that built the queue
-- column run_number: 1 for the first run into this database, then 2, 3, ...
-- column ran_at: when the queue was built, UTC
-- column cases: cases in the queue after the run
-- column new_cases: cases queued for the first time in the run
-- column params_digest: hash of every parameter's value: equal for runs with equal parameters
-- column params_overrides: the parameters that differed from their defaults, as JSON
--   ({section: {key: value}}; {} for a run with the defaults)
create table if not exists queues.runs (
    run_number integer primary key,
    ran_at timestamp,
    cases bigint,
    new_cases bigint,
    params_digest varchar,
    params_overrides varchar
)
