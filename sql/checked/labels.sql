-- checked_labels (temporary): one row per input row of labels, typed, with every contract rule
-- it breaks in `reasons`. Labels have no id of their own; repeated rows are all kept.
-- $earliest and $latest bound the times accepted (see checked/accounts.sql).
create or replace temp table checked_labels as
with typed as (
    select
        _file,
        _row,
        nullif(trim(account_id), '') as account_id,
        lower(nullif(trim(label), '')) as label,
        lower(nullif(trim(pattern), '')) as pattern,
        nullif(trim(case_key), '') as case_key,
        nullif(trim(decided_at), '') as decided_at_text,
        utc_timestamp(nullif(trim(decided_at), '')) as decided_at
    from raw_labels
)

select
    typed.* exclude (decided_at_text),
    list_filter([
        case
            when typed.account_id is null then 'missing account_id'
            when accounts.account_id is null and typed.account_id in (
                select trim(account_id) from quarantine.accounts
            ) then 'account_id refers to a quarantined account'
            when accounts.account_id is null then 'unknown account_id'
        end,
        case
            when typed.label is null then 'missing label'
            when not list_contains($labels, typed.label) then 'unknown label'
        end,
        case
            when typed.decided_at_text is not null and typed.decided_at is null
                then 'unparseable decided_at'
            else time_out_of_range('decided_at', typed.decided_at, $earliest, $latest)
        end
    ], r -> r is not null) as reasons
from typed
left join staging.accounts as accounts on typed.account_id = accounts.account_id
