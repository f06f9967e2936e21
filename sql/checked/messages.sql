-- checked_messages (temporary): one row per input row of messages, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a message_id the first valid one is kept.
-- The body is kept exactly as sent (no trimming): contact detection reads it raw.
create or replace temp table checked_messages as
with typed as (
    select
        _file,
        _row,
        nullif(trim(message_id), '') as message_id,
        nullif(trim(contract_id), '') as contract_id,
        nullif(trim(sender_id), '') as sender_id,
        nullif(trim(recipient_id), '') as recipient_id,
        nullif(trim(ts), '') as ts_text,
        try_cast(nullif(trim(ts), '') as timestamptz)::timestamp as ts,
        body
    from raw_messages
),

quarantined_accounts as (
    select distinct trim(account_id) as account_id from quarantine.accounts
),

row_rules as (
    select
        typed.*,
        list_filter([
            case when typed.message_id is null then 'missing message_id' end,
            case
                when typed.contract_id is not null and contracts.contract_id is null
                    and typed.contract_id in (select trim(contract_id) from quarantine.contracts)
                    then 'contract_id refers to a quarantined contract'
                when typed.contract_id is not null and contracts.contract_id is null
                    then 'unknown contract_id'
            end,
            case
                when typed.sender_id is null then 'missing sender_id'
                when senders.account_id is null and typed.sender_id in (
                    select account_id from quarantined_accounts
                ) then 'sender_id refers to a quarantined account'
                when senders.account_id is null then 'unknown sender_id'
            end,
            case
                when typed.recipient_id is null then 'missing recipient_id'
                when recipients.account_id is null and typed.recipient_id in (
                    select account_id from quarantined_accounts
                ) then 'recipient_id refers to a quarantined account'
                when recipients.account_id is null then 'unknown recipient_id'
            end,
            case
                when typed.ts_text is null then 'missing ts'
                when typed.ts is null then 'unparseable ts'
            end,
            case when typed.body is null then 'missing body' end
        ], r -> r is not null) as row_reasons
    from typed
    left join staging.contracts as contracts on typed.contract_id = contracts.contract_id
    left join staging.accounts as senders on typed.sender_id = senders.account_id
    left join staging.accounts as recipients on typed.recipient_id = recipients.account_id
),

ranked as (
    select
        *,
        row_number() over by_id as occurrence,
        first_value(_file || ' row ' || _row) over by_id as kept_at
    from row_rules
    window by_id as (partition by message_id order by len(row_reasons) > 0, _file, _row)
)

select
    _file,
    _row,
    message_id,
    contract_id,
    sender_id,
    recipient_id,
    ts,
    body,
    case
        when message_id is not null and occurrence > 1
            then list_append(row_reasons, 'duplicate message_id (kept ' || kept_at || ')')
        else row_reasons
    end as reasons
from ranked
