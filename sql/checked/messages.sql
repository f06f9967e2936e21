-- checked_messages (temporary): one row per input row of messages, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a message_id the first valid one is kept.
-- The body is kept exactly as sent (no trimming): contact detection reads it raw.
-- $earliest and $latest bound the times accepted (see checked/accounts.sql). A message sent
-- before its sender signed up contradicts another table and is kept, with it in `flags`.
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
        utc_timestamp(nullif(trim(ts), '')) as ts,
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
                else time_out_of_range('ts', typed.ts, $earliest, $latest)
            end,
            case when typed.body is null then 'missing body' end
        ], r -> r is not null) as row_reasons,
        list_filter([
            case when typed.ts < senders.created_at then 'ts before the sender signed up' end
        ], f -> f is not null) as flags
    from typed
    left join staging.contracts as contracts on typed.contract_id = contracts.contract_id
    left join staging.accounts as senders on typed.sender_id = senders.account_id
    left join staging.accounts as recipients on typed.recipient_id = recipients.account_id
),

-- Ids given more than once, and the row kept for each: valid rows before invalid ones, then
-- file order. Grouping the raw ids and then only their rows, not a window over every row:
-- a window partitions and sorts all rows with all their columns (message bodies included),
-- which took 6 of the 7 seconds of checked_messages at 1M accounts.
repeated_ids as (
    select nullif(trim(message_id), '') as message_id
    from raw_messages
    where nullif(trim(message_id), '') is not null
    group by 1
    having count(*) > 1
),

repeated as (
    select
        message_id,
        min({'invalid': len(row_reasons) > 0, 'file': _file, 'row': _row}) as kept
    from row_rules
    semi join repeated_ids using (message_id)
    group by message_id
)

select
    row_rules._file,
    row_rules._row,
    row_rules.message_id,
    row_rules.contract_id,
    row_rules.sender_id,
    row_rules.recipient_id,
    row_rules.ts,
    row_rules.body,
    row_rules.flags,
    case
        when repeated.kept is not null
            and (row_rules._file, row_rules._row) <> (repeated.kept.file, repeated.kept.row)
            then list_append(
                row_rules.row_reasons,
                'duplicate message_id (kept ' || repeated.kept.file || ' row ' || repeated.kept.row || ')'
            )
        else row_rules.row_reasons
    end as reasons
from row_rules
left join repeated on row_rules.message_id = repeated.message_id
