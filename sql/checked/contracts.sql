-- checked_contracts (temporary): one row per input row of contracts, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a contract_id the first valid one is kept.
create or replace temp table checked_contracts as
with typed as (
    select
        _file,
        _row,
        nullif(trim(contract_id), '') as contract_id,
        nullif(trim(client_id), '') as client_id,
        nullif(trim(freelancer_id), '') as freelancer_id,
        nullif(trim(created_at), '') as created_at_text,
        try_cast(nullif(trim(created_at), '') as timestamptz)::timestamp as created_at,
        nullif(trim(job_posted_at), '') as job_posted_at_text,
        try_cast(nullif(trim(job_posted_at), '') as timestamptz)::timestamp as job_posted_at,
        lower(nullif(trim(hire_type), '')) as hire_type,
        nullif(trim(proposals), '') as proposals_text,
        case
            when try_cast(trim(proposals) as double) = floor(try_cast(trim(proposals) as double))
                then try_cast(trim(proposals) as double)::bigint
        end as proposals,
        lower(nullif(trim(pricing), '')) as pricing,
        lower(nullif(trim(status), '')) as status,
        nullif(trim(ended_at), '') as ended_at_text,
        try_cast(nullif(trim(ended_at), '') as timestamptz)::timestamp as ended_at
    from raw_contracts
),

quarantined_accounts as (
    select distinct trim(account_id) as account_id from quarantine.accounts
),

row_rules as (
    select
        typed.*,
        list_filter([
            case when typed.contract_id is null then 'missing contract_id' end,
            case
                when typed.client_id is null then 'missing client_id'
                when clients.account_id is null and typed.client_id in (
                    select account_id from quarantined_accounts
                ) then 'client_id refers to a quarantined account'
                when clients.account_id is null then 'unknown client_id'
                when clients.role <> 'client' then 'client_id is not a client account'
            end,
            case
                when typed.freelancer_id is null then 'missing freelancer_id'
                when freelancers.account_id is null and typed.freelancer_id in (
                    select account_id from quarantined_accounts
                ) then 'freelancer_id refers to a quarantined account'
                when freelancers.account_id is null then 'unknown freelancer_id'
                when freelancers.role <> 'freelancer' then 'freelancer_id is not a freelancer account'
            end,
            case
                when typed.created_at_text is null then 'missing created_at'
                when typed.created_at is null then 'unparseable created_at'
            end,
            case
                when typed.job_posted_at_text is not null and typed.job_posted_at is null
                    then 'unparseable job_posted_at'
            end,
            case
                when typed.hire_type is null then 'missing hire_type'
                when not list_contains($hire_types, typed.hire_type) then 'unknown hire_type'
            end,
            case
                when typed.proposals_text is not null and typed.proposals is null
                    then 'unparseable proposals'
                when typed.proposals < 0 then 'negative proposals'
            end,
            case
                when typed.pricing is null then 'missing pricing'
                when not list_contains($pricing, typed.pricing) then 'unknown pricing'
            end,
            case
                when typed.status is null then 'missing status'
                when not list_contains($statuses, typed.status) then 'unknown status'
            end,
            case
                when typed.ended_at_text is not null and typed.ended_at is null
                    then 'unparseable ended_at'
            end
        ], r -> r is not null) as row_reasons
    from typed
    left join staging.accounts as clients on typed.client_id = clients.account_id
    left join staging.accounts as freelancers on typed.freelancer_id = freelancers.account_id
),

ranked as (
    select
        *,
        row_number() over by_id as occurrence,
        first_value(_file || ' row ' || _row) over by_id as kept_at
    from row_rules
    window by_id as (partition by contract_id order by len(row_reasons) > 0, _file, _row)
)

select
    _file,
    _row,
    contract_id,
    client_id,
    freelancer_id,
    created_at,
    job_posted_at,
    hire_type,
    proposals,
    pricing,
    status,
    ended_at,
    case
        when contract_id is not null and occurrence > 1
            then list_append(row_reasons, 'duplicate contract_id (kept ' || kept_at || ')')
        else row_reasons
    end as reasons
from ranked
