-- checked_accounts (temporary): one row per input row of accounts, typed, with every contract
-- rule it breaks in `reasons` (empty when valid). staging.accounts and quarantine.accounts
-- split it. Among rows sharing an account_id the first valid one is kept.
create or replace temp table checked_accounts as
with typed as (
    select
        _file,
        _row,
        nullif(trim(account_id), '') as account_id,
        lower(nullif(trim(role), '')) as role,
        nullif(trim(created_at), '') as created_at_text,
        try_cast(nullif(trim(created_at), '') as timestamptz)::timestamp as created_at,
        upper(nullif(trim(country), '')) as country,
        nullif(trim(email), '') as email,
        nullif(trim(phone), '') as phone,
        nullif(trim(name), '') as name
    from raw_accounts
),

row_rules as (
    select
        *,
        list_filter([
            case when account_id is null then 'missing account_id' end,
            case
                when role is null then 'missing role'
                when not list_contains($roles, role) then 'unknown role'
            end,
            case
                when created_at_text is null then 'missing created_at'
                when created_at is null then 'unparseable created_at'
            end,
            case
                when country is not null and not regexp_full_match(country, '[A-Z]{2}')
                    then 'country is not an ISO 3166-1 alpha-2 code'
            end
        ], r -> r is not null) as row_reasons
    from typed
),

ranked as (
    select
        *,
        row_number() over by_id as occurrence,
        first_value(_file || ' row ' || _row) over by_id as kept_at
    from row_rules
    window by_id as (partition by account_id order by len(row_reasons) > 0, _file, _row)
)

select
    _file,
    _row,
    account_id,
    role,
    created_at,
    country,
    email,
    phone,
    name,
    case
        when account_id is not null and occurrence > 1
            then list_append(row_reasons, 'duplicate account_id (kept ' || kept_at || ')')
        else row_reasons
    end as reasons
from ranked
