-- table: staging.labels
-- grain: one row per valid label row: an investigator's past decision or a synthetic ground truth
-- column account_id: the labelled account; present in staging.accounts
-- column label: fraud or legit
-- column pattern: the pattern the label is about (ring, immediate_hire, contact_dropoff, ...);
--   for a legit row, the pattern the account could be mistaken for
-- column case_key: accounts sharing a case_key belong to one planted or decided case
-- column decided_at: decision time, UTC; null for synthetic ground truth
create or replace table staging.labels as
select account_id, label, pattern, case_key, decided_at
from checked_labels
where len(reasons) = 0
order by case_key, account_id, pattern, label
