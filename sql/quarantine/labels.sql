-- table: quarantine.labels
-- grain: one row per input row of labels that broke the data contract, with its raw values
-- column source_file: input file the row came from
-- column source_row: 1-based row number within that file (header not counted)
-- column reason: the first rule the row breaks, without its detail; the run report counts these
-- column reasons: every rule the row breaks, with detail in parentheses (e.g. which row was kept)
-- column account_id: raw value as read
-- column label: raw value as read
-- column pattern: raw value as read
-- column case_key: raw value as read
-- column decided_at: raw value as read
create or replace table quarantine.labels as
select
    raw._file as source_file,
    raw._row as source_row,
    regexp_replace(checked.reasons[1], ' \(.*\)$', '') as reason,
    checked.reasons,
    raw.* exclude (_file, _row)
from checked_labels as checked
inner join raw_labels as raw
    on checked._file = raw._file
    and checked._row = raw._row
where len(checked.reasons) > 0
order by source_file, source_row
