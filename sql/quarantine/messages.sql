-- table: quarantine.messages
-- grain: one row per input row of messages that broke the data contract, with its raw values
-- column source_file: input file the row came from
-- column source_row: 1-based row number within that file (header not counted)
-- column reason: the first rule the row breaks, without its detail; the run report counts these
-- column reasons: every rule the row breaks, with detail in parentheses (e.g. which row was kept)
-- column message_id: raw value as read
-- column contract_id: raw value as read
-- column sender_id: raw value as read
-- column recipient_id: raw value as read
-- column ts: raw value as read
-- column body: raw value as read
create or replace table quarantine.messages as
select
    raw._file as source_file,
    raw._row as source_row,
    regexp_replace(checked.reasons[1], ' \(.*\)$', '') as reason,
    checked.reasons,
    raw.* exclude (_file, _row)
from checked_messages as checked
inner join raw_messages as raw
    on checked._file = raw._file
    and checked._row = raw._row
where len(checked.reasons) > 0
order by source_file, source_row
