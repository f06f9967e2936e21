-- table: quarantine.last_good_load
-- grain: one row per input table as loaded by the last good run: the last run whose checks all
--   passed and that published the analysts' snapshot. A required table that arrives empty when
--   it had rows here stops the run (unless ingest.allow_empty_required_tables)
-- column table_name: input table name from the data contract
-- column rows_read: rows read by that run
-- column rows_staged: rows it staged
-- column rows_quarantined: rows it quarantined
-- column published_at: when that run published its snapshot, UTC
create or replace table quarantine.last_good_load as
select
    table_name,
    rows_read,
    rows_staged,
    rows_quarantined,
    current_timestamp::timestamp as published_at
from quarantine.load_report
order by table_name
