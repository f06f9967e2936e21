-- checked_payments (temporary): one row per input row of payments, typed, with every contract
-- rule it breaks in `reasons`. Among rows sharing a payment_id the first valid one is kept.
create or replace temp table checked_payments as
with typed as (
    select
        _file,
        _row,
        nullif(trim(payment_id), '') as payment_id,
        nullif(trim(contract_id), '') as contract_id,
        nullif(trim(ts), '') as ts_text,
        try_cast(nullif(trim(ts), '') as timestamptz)::timestamp as ts,
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
        ], r -> r is not null) as row_reasons
    from typed
    left join staging.contracts as contracts on typed.contract_id = contracts.contract_id
),

ranked as (
    select
        *,
        row_number() over by_id as occurrence,
        first_value(_file || ' row ' || _row) over by_id as kept_at
    from row_rules
    window by_id as (partition by payment_id order by len(row_reasons) > 0, _file, _row)
)

select
    _file,
    _row,
    payment_id,
    contract_id,
    ts,
    amount,
    currency,
    kind,
    instrument_id,
    case
        when payment_id is not null and occurrence > 1
            then list_append(row_reasons, 'duplicate payment_id (kept ' || kept_at || ')')
        else row_reasons
    end as reasons
from ranked
