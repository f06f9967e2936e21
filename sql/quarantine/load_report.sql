-- table: quarantine.load_report
-- grain: one row per input table loaded, so that rows read = rows staged + rows quarantined can be checked
-- column table_name: input table name from the data contract
-- column source_files: the files it was read from
-- column rows_read: rows read from those files
-- column rows_staged: rows that passed every rule and landed in staging.<table_name>
-- column rows_quarantined: rows that broke a rule and landed in quarantine.<table_name>
-- column rows_flagged: staged rows whose times contradict another table (a payment before its
--   contract, ...): kept, with what contradicts in their `flags` column
-- column earliest: timestamps before this (ingest.earliest_date) were quarantined
-- column as_of: the export's as-of time: ingest.as_of (`--as-of`), or when not given the newest
--   timestamp of the table neither before earliest nor after the moment of the run
-- column as_of_derived: true when as_of was derived from the table, false when it was given
-- column latest: timestamps after this (as_of plus ingest.future_tolerance_hours) were quarantined
-- column conversions: what was converted while reading, e.g. 'accounts.parquet created_at:
--   integers read as epoch seconds' (the unit told apart by the column's median)
create table if not exists quarantine.load_report (
    table_name varchar primary key,
    source_files varchar[],
    rows_read bigint,
    rows_staged bigint,
    rows_quarantined bigint,
    rows_flagged bigint,
    earliest timestamp,
    as_of timestamp,
    as_of_derived boolean,
    latest timestamp,
    conversions varchar[]
)
