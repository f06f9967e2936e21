-- table: queues.evaluation
-- grain: one row per pattern with labelled fraud cases, and one overall: how well this run's
--   ranking finds them (labels from the input's labels table and from confirmed and dismissed
--   decisions); no rows when nothing is labelled
-- column scope: ring, immediate_hire, contact_dropoff or overall
-- column labelled_cases: labelled fraud cases (planted cases or confirmed decisions)
-- column cases: cases this run ranked in the scope, decided ones included
-- column average_precision: average precision of the ranking over the labelled fraud cases
-- column precision_at_10: share of the top 10 that are labelled fraud cases (each counted once)
-- column precision_at_50: the same for the top 50
-- column precision_at_100: the same for the top 100
-- column precision_at_labelled: the same for the top k, k = labelled_cases
-- column recall_at_100: share of labelled fraud cases found in the top 100
-- column recall: share of labelled fraud cases found anywhere in the ranking
create or replace table queues.evaluation as
select * from evaluation_frame
order by case scope when 'overall' then 1 else 0 end, scope
