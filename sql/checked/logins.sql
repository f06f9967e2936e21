-- checked_logins (temporary): one row per input row of logins, typed, with every contract rule
-- it breaks in `reasons`. The IP is parsed once per distinct value into ip_lookup beforehand.
-- $earliest and $latest bound the times accepted (see checked/accounts.sql). A login before its
-- account's sign-up is not checked: the sign-up's own login is often stamped a moment earlier.
create or replace temp table checked_logins as
with typed as (
    select
        raw._file,
        raw._row,
        nullif(trim(raw.account_id), '') as account_id,
        nullif(trim(raw.ts), '') as ts_text,
        utc_timestamp(nullif(trim(raw.ts), '')) as ts,
        nullif(trim(raw.ip), '') as ip_text,
        ip_lookup.ip,
        ip_lookup.ip_version,
        ip_lookup.ip_network,
        ip_lookup.ip_class,
        lower(nullif(trim(raw.device_id), '')) as device_id
    from raw_logins as raw
    left join ip_lookup on trim(raw.ip) = ip_lookup.ip_text
)

select
    typed.* exclude (ts_text, ip_text),
    list_filter([
        case
            when typed.account_id is null then 'missing account_id'
            when accounts.account_id is null and typed.account_id in (
                select trim(account_id) from quarantine.accounts
            ) then 'account_id refers to a quarantined account'
            when accounts.account_id is null then 'unknown account_id'
        end,
        case
            when typed.ts_text is null then 'missing ts'
            when typed.ts is null then 'unparseable ts'
            else time_out_of_range('ts', typed.ts, $earliest, $latest)
        end,
        case
            when typed.ip_text is null then 'missing ip'
            when typed.ip is null then 'ip is not an IPv4 or IPv6 address'
        end
    ], r -> r is not null) as reasons
from typed
left join staging.accounts as accounts on typed.account_id = accounts.account_id
