-- table: quarantine.load_report
-- grain: one row per input table loaded, so that rows read = rows staged + rows quarantined can be checked
-- column table_name: input table name from the data contract
-- column source_files: the files it was read from
-- column rows_read: rows read from those files
-- column rows_staged: rows that passed every rule and landed in staging.<table_name>
-- column rows_quarantined: rows that broke a rule and landed in quarantine.<table_name>
create table if not exists quarantine.load_report (
    table_name varchar primary key,
    source_files varchar[],
    rows_read bigint,
    rows_staged bigint,
    rows_quarantined bigint
)
