-- table: quarantine.logins
-- grain: one row per input row of logins that broke the data contract, with its raw values
-- column source_file: input file the row came from
-- column source_row: 1-based row number within that file (header not counted)
-- column reason: the first rule the row breaks, without its detail; the run report counts these
-- column reasons: every rule the row breaks, with detail in parentheses (e.g. which row was kept)
-- column account_id: raw value as read
-- column ts: raw value as read
-- column ip: raw value as read
-- column device_id: raw value as read
create or replace table quarantine.logins as
select
    raw._file as source_file,
    raw._row as source_row,
    regexp_replace(checked.reasons[1], ' \(.*\)$', '') as reason,
    checked.reasons,
    raw.* exclude (_file, _row)
from checked_logins as checked
inner join raw_logins as raw
    on checked._file = raw._file
    and checked._row = raw._row
where len(checked.reasons) > 0
order by source_file, source_row
