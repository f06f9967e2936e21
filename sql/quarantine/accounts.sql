-- table: quarantine.accounts
-- grain: one row per input row of accounts that broke the data contract, with its raw values
-- column source_file: input file the row came from
-- column source_row: 1-based row number within that file (header not counted)
-- column reason: the first rule the row breaks, without its detail; the run report counts these
-- column reasons: every rule the row breaks, with detail in parentheses (e.g. which row was kept)
-- column account_id: raw value as read
-- column role: raw value as read
-- column created_at: raw value as read
-- column country: raw value as read
-- column email: raw value as read
-- column phone: raw value as read
-- column name: raw value as read
create or replace table quarantine.accounts as
select
    raw._file as source_file,
    raw._row as source_row,
    regexp_replace(checked.reasons[1], ' \(.*\)$', '') as reason,
    checked.reasons,
    raw.* exclude (_file, _row)
from checked_accounts as checked
inner join raw_accounts as raw
    on checked._file = raw._file
    and checked._row = raw._row
where len(checked.reasons) > 0
order by source_file, source_row
