-- table: quarantine.contracts
-- grain: one row per input row of contracts that broke the data contract, with its raw values
-- column source_file: input file the row came from
-- column source_row: 1-based row number within that file (header not counted)
-- column reason: the first rule the row breaks, without its detail; the run report counts these
-- column reasons: every rule the row breaks, with detail in parentheses (e.g. which row was kept)
-- column contract_id: raw value as read
-- column client_id: raw value as read
-- column freelancer_id: raw value as read
-- column created_at: raw value as read
-- column job_posted_at: raw value as read
-- column hire_type: raw value as read
-- column proposals: raw value as read
-- column pricing: raw value as read
-- column status: raw value as read
-- column ended_at: raw value as read
create or replace table quarantine.contracts as
select
    raw._file as source_file,
    raw._row as source_row,
    regexp_replace(checked.reasons[1], ' \(.*\)$', '') as reason,
    checked.reasons,
    raw.* exclude (_file, _row)
from checked_contracts as checked
inner join raw_contracts as raw
    on checked._file = raw._file
    and checked._row = raw._row
where len(checked.reasons) > 0
order by source_file, source_row
