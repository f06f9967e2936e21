-- checked_contracts (temporary): one row per input row of contracts, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a contract_id the first valid one is kept.
-- $earliest and $latest bound the times accepted (see checked/accounts.sql). A contract that
-- ends before it began contradicts itself and is quarantined; one hired before its client or
-- freelancer signed up contradicts another table and is kept, with the contradiction in `flags`.
create or replace temp table checked_contracts as
with typed as (
    select
        _file,
        _row,
        nullif(trim(contract_id), '') as contract_id,
        nullif(trim(client_id), '') as client_id,
        nullif(trim(freelancer_id), '') as freelancer_id,
        nullif(trim(created_at), '') as created_at_text,
        utc_timestamp(nullif(trim(created_at), '')) as created_at,
        nullif(trim(job_posted_at), '') as job_posted_at_text,
        utc_timestamp(nullif(trim(job_posted_at), '')) as job_posted_at,
        lower(nullif(trim(hire_type), '')) as hire_type,
        nullif(trim(proposals), '') as proposals_text,
        case
            -- try_cast again: nan, inf and 1e30 are doubles no bigint holds (a plain cast fails
            -- the whole statement instead of quarantining the row)
            when try_cast(trim(proposals) as double) = floor(try_cast(trim(proposals) as double))
                then try_cast(try_cast(trim(proposals) as double) as bigint)
        end as proposals,
        lower(nullif(trim(pricing), '')) as pricing,
        lower(nullif(trim(status), '')) as status,
        nullif(trim(ended_at), '') as ended_at_text,
        utc_timestamp(nullif(trim(ended_at), '')) as ended_at
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
                else time_out_of_range('created_at', typed.created_at, $earliest, $latest)
            end,
            case
                when typed.job_posted_at_text is not null and typed.job_posted_at is null
                    then 'unparseable job_posted_at'
                else time_out_of_range('job_posted_at', typed.job_posted_at, $earliest, $latest)
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
                when typed.ended_at < typed.created_at then 'ended_at before created_at'
                else time_out_of_range('ended_at', typed.ended_at, $earliest, $latest)
            end
        ], r -> r is not null) as row_reasons,
        list_filter([
            case
                when typed.created_at < clients.created_at
                    then 'created_at before the client signed up'
            end,
            case
                when typed.created_at < freelancers.created_at
                    then 'created_at before the freelancer signed up'
            end
        ], f -> f is not null) as flags
    from typed
    left join staging.accounts as clients on typed.client_id = clients.account_id
    left join staging.accounts as freelancers on typed.freelancer_id = freelancers.account_id
),

-- Ids given more than once, and the row kept for each: valid rows before invalid ones, then
-- file order. Grouping the raw ids and then only their rows, not a window over every row:
-- a window partitions and sorts all rows with all their columns (message bodies included),
-- which took 6 of the 7 seconds of checked_messages at 1M accounts.
repeated_ids as (
    select nullif(trim(contract_id), '') as contract_id
    from raw_contracts
    where nullif(trim(contract_id), '') is not null
    group by 1
    having count(*) > 1
),

repeated as (
    select
        contract_id,
        min({'invalid': len(row_reasons) > 0, 'file': _file, 'row': _row}) as kept
    from row_rules
    semi join repeated_ids using (contract_id)
    group by contract_id
)

select
    row_rules._file,
    row_rules._row,
    row_rules.contract_id,
    row_rules.client_id,
    row_rules.freelancer_id,
    row_rules.created_at,
    row_rules.job_posted_at,
    row_rules.hire_type,
    row_rules.proposals,
    row_rules.pricing,
    row_rules.status,
    row_rules.ended_at,
    row_rules.flags,
    case
        when repeated.kept is not null
            and (row_rules._file, row_rules._row) <> (repeated.kept.file, repeated.kept.row)
            then list_append(
                row_rules.row_reasons,
                'duplicate contract_id (kept ' || repeated.kept.file || ' row ' || repeated.kept.row || ')'
            )
        else row_rules.row_reasons
    end as reasons
from row_rules
left join repeated on row_rules.contract_id = repeated.contract_id
