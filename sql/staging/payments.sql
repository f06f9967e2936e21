-- table: staging.payments
-- grain: one row per payment that passed every rule of the data contract, with its payer and payee
-- column payment_id: the payment's id; unique
-- column contract_id: the contract paid under; present in staging.contracts
-- column client_id: the contract's client (the payer, or the receiver of a refund or chargeback)
-- column freelancer_id: the contract's freelancer (the payee)
-- column ts: payment time, UTC
-- column amount: amount as given, always positive; see kind and signed_amount for direction
-- column currency: ISO 4217 code, upper case
-- column kind: hourly, milestone, bonus, refund or chargeback
-- column signed_amount: amount towards the freelancer: negative for refunds and chargebacks,
--   which move money back to the client
-- column instrument_id: fingerprint of the payer's card, bank account or wallet; null when not known
-- column flags: times that contradict another table, kept rather than quarantined: 'ts before
--   the contract was created'; empty when none
create or replace table staging.payments as
select
    checked.payment_id,
    checked.contract_id,
    checked.client_id,
    checked.freelancer_id,
    checked.ts,
    checked.amount,
    checked.currency,
    checked.kind,
    case when checked.kind in ('refund', 'chargeback') then -checked.amount else checked.amount end
        as signed_amount,
    checked.instrument_id,
    checked.flags
from checked_payments as checked
where len(checked.reasons) = 0
