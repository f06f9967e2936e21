-- checked_payments (temporary): one row per input row of payments, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a payment_id the first valid one is kept.
-- $earliest and $latest bound the times accepted (see checked/accounts.sql). A payment before
-- its contract was created contradicts another table and is kept, with it in `flags`.
create or replace temp table checked_payments as
with typed as (
    select
        _file,
        _row,
        nullif(trim(payment_id), '') as payment_id,
        nullif(trim(contract_id), '') as contract_id,
        nullif(trim(ts), '') as ts_text,
        utc_timestamp(nullif(trim(ts), '')) as ts,
        nullif(trim(amount), '') as amount_text,
        try_cast(nullif(trim(amount), '') as decimal(18, 4)) as amount,
        upper(nullif(trim(currency), '')) as currency,
        lower(nullif(trim(kind), '')) as kind,
        nullif(trim(instrument_id), '') as instrument_id
    from raw_payments
),

row_rules as (
    select
        typed.*,
        contracts.client_id,
        contracts.freelancer_id,
        list_filter([
            case when typed.payment_id is null then 'missing payment_id' end,
            case
                when typed.contract_id is null then 'missing contract_id'
                when contracts.contract_id is null and typed.contract_id in (
                    select trim(contract_id) from quarantine.contracts
                ) then 'contract_id refers to a quarantined contract'
                when contracts.contract_id is null then 'unknown contract_id'
            end,
            case
                when typed.ts_text is null then 'missing ts'
                when typed.ts is null then 'unparseable ts'
                else time_out_of_range('ts', typed.ts, $earliest, $latest)
            end,
            case
                when typed.amount_text is null then 'missing amount'
                when typed.amount is null then 'unparseable amount'
                when typed.amount <= 0 then 'non-positive amount'
            end,
            case
                when typed.currency is null then 'missing currency'
                when not regexp_full_match(typed.currency, '[A-Z]{3}')
                    then 'currency is not an ISO 4217 code'
            end,
            case
                when typed.kind is null then 'missing kind'
                when not list_contains($payment_kinds, typed.kind) then 'unknown kind'
            end
        ], r -> r is not null) as row_reasons,
        list_filter([
            case when typed.ts < contracts.created_at then 'ts before the contract was created' end
        ], f -> f is not null) as flags
    from typed
    left join staging.contracts as contracts on typed.contract_id = contracts.contract_id
),

-- Ids given more than once, and the row kept for each: valid rows before invalid ones, then
-- file order. Grouping the raw ids and then only their rows, not a window over every row:
-- a window partitions and sorts all rows with all their columns (message bodies included),
-- which took 6 of the 7 seconds of checked_messages at 1M accounts.
repeated_ids as (
    select nullif(trim(payment_id), '') as payment_id
    from raw_payments
    where nullif(trim(payment_id), '') is not null
    group by 1
    having count(*) > 1
),

repeated as (
    select
        payment_id,
        min({'invalid': len(row_reasons) > 0, 'file': _file, 'row': _row}) as kept
    from row_rules
    semi join repeated_ids using (payment_id)
    group by payment_id
)

select
    row_rules._file,
    row_rules._row,
    row_rules.payment_id,
    row_rules.contract_id,
    row_rules.client_id,
    row_rules.freelancer_id,
    row_rules.ts,
    row_rules.amount,
    row_rules.currency,
    row_rules.kind,
    row_rules.instrument_id,
    row_rules.flags,
    case
        when repeated.kept is not null
            and (row_rules._file, row_rules._row) <> (repeated.kept.file, repeated.kept.row)
            then list_append(
                row_rules.row_reasons,
                'duplicate payment_id (kept ' || repeated.kept.file || ' row ' || repeated.kept.row || ')'
            )
        else row_rules.row_reasons
    end as reasons
from row_rules
left join repeated on row_rules.payment_id = repeated.payment_id
