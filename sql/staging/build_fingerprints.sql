-- table: staging.build_fingerprints
-- grain: one row per table kept between runs when its sources are unchanged: each staged input
--   table (with its quarantine table), staging.account_identifiers, features.message_contacts
-- column table_name: the table, schema-qualified
-- column fingerprint: sha256 over the content of the input files it was read from, the code and
--   SQL that build it, the versions of duckdb, polars and phonenumbers, and the fingerprints of
--   the tables it reads; a run that computes the same fingerprint keeps the table
-- column checksum: rows and the sum of their hashes when it was built; a table edited since
--   then (a row deleted, added or changed) is rebuilt even if its fingerprint matches
-- column built_at: when it was built, UTC
create table if not exists staging.build_fingerprints (
    table_name varchar primary key,
    fingerprint varchar not null,
    checksum varchar not null,
    built_at timestamptz not null
)
