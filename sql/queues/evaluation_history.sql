-- table: queues.evaluation_history
-- grain: one row per run per scope of queues.evaluation, kept from run to run, so a fall in
--   precision is seen
-- column run_number: the run (queues.runs)
-- column scope: ring, immediate_hire, contact_dropoff or overall
-- column labelled_cases: labelled fraud cases in that run
-- column average_precision: the run's average precision in the scope
-- column precision_at_100: the run's precision at 100 in the scope
-- column precision_at_labelled: the run's precision at the number of labelled cases
create table if not exists queues.evaluation_history (
    run_number integer,
    scope varchar,
    labelled_cases bigint,
    average_precision double,
    precision_at_100 double,
    precision_at_labelled double,
    primary key (run_number, scope)
)
