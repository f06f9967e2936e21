-- table: features.contact_dropoff
-- grain: one row per client-freelancer pair with contact details or an off-platform request in
--   their messages: the pair's payments before and after the first one, and whether the
--   relationship went on
-- column client_id: the pair's client
-- column freelancer_id: the pair's freelancer
-- column first_contact_message_id: the first message of the pair holding a finding
-- column first_contact_ts: when it was sent, UTC
-- column first_contact_kind: its kind (email, phone, whatsapp, ..., solicitation)
-- column first_contact_sender: the account that sent it
-- column first_contact_snippet: the redacted snippet of that finding
-- column first_contact_obfuscated: the detail was disguised (spelled out, look-alikes, ...)
-- column contact_kinds: every kind found in the pair's messages
-- column solicited: the pair's messages also ask to pay or talk off the platform
-- column matches_account: the shared email or phone belongs to an account (the sender's own or
--   another's): the shared detail is real
-- column contracts: the pair's contracts
-- column hourly: the pair has an hourly contract (billed weekly, so a stop is visible)
-- column active_contract: a contract of the pair is still active
-- column last_contract_end: the latest ended_at among the pair's contracts, null if none ended
-- column as_of: the data's end: the latest payment or message of the whole input
-- column weeks_before: weeks from the pair's first contract (or payment) to the first contact
-- column weeks_after: weeks from the first contact to as_of
-- column paid_before: gross paid before the first contact
-- column paid_after: gross paid after it
-- column payments_before: payments before the first contact
-- column payments_after: payments after it
-- column weekly_before: paid_before / weeks_before
-- column weekly_after: paid_after / weeks_after
-- column last_payment_ts: the pair's last payment, UTC
-- column messages_after_last_payment: messages between the two after their last payment
-- column last_message_ts: their last message, UTC
-- column weeks_talking_after_last_payment: weeks from the last payment to the last message
-- column logins_after_last_payment: logins of either account after the last payment
-- column evidence_contracts: the pair's contracts, latest first
create or replace table features.contact_dropoff as
with findings as (
    select
        contacts.*,
        case when senders.role = 'client' then contacts.sender_id else contacts.recipient_id end
            as client_id,
        case when senders.role = 'client' then contacts.recipient_id else contacts.sender_id end
            as freelancer_id
    from features.message_contacts as contacts
    inner join staging.accounts as senders on senders.account_id = contacts.sender_id
    inner join staging.accounts as recipients on recipients.account_id = contacts.recipient_id
    where senders.role <> recipients.role
),

pairs as (
    select
        client_id,
        freelancer_id,
        arg_min(message_id, (ts, message_id, kind)) as first_contact_message_id,
        min(ts) as first_contact_ts,
        arg_min(kind, (ts, message_id, kind)) as first_contact_kind,
        arg_min(sender_id, (ts, message_id, kind)) as first_contact_sender,
        arg_min(snippet, (ts, message_id, kind)) as first_contact_snippet,
        arg_min(obfuscated, (ts, message_id, kind)) as first_contact_obfuscated,
        list(distinct kind order by kind) as contact_kinds,
        bool_or(kind = 'solicitation') as solicited,
        bool_or(matched_account_id is not null) as matches_account
    from findings
    group by client_id, freelancer_id
),

as_of as (
    select greatest(
        (select max(ts) from staging.payments), (select max(ts) from staging.messages)
    ) as as_of
),

pair_contracts as (
    select
        pairs.client_id,
        pairs.freelancer_id,
        count(*) as contracts,
        bool_or(contracts.pricing = 'hourly') as hourly,
        bool_or(contracts.status = 'active') as active_contract,
        max(contracts.ended_at) as last_contract_end,
        min(contracts.created_at) as first_contract_at,
        list(contracts.contract_id order by contracts.created_at desc, contracts.contract_id)
            as evidence_contracts
    from pairs
    inner join staging.contracts as contracts
        on contracts.client_id = pairs.client_id and contracts.freelancer_id = pairs.freelancer_id
    group by pairs.client_id, pairs.freelancer_id
),

pair_payments as (
    select
        pairs.client_id,
        pairs.freelancer_id,
        min(payments.ts) as first_payment_ts,
        max(payments.ts) as last_payment_ts,
        coalesce(sum(payments.amount) filter (where payments.ts < pairs.first_contact_ts), 0)
            as paid_before,
        coalesce(sum(payments.amount) filter (where payments.ts >= pairs.first_contact_ts), 0)
            as paid_after,
        count(*) filter (where payments.ts < pairs.first_contact_ts) as payments_before,
        count(*) filter (where payments.ts >= pairs.first_contact_ts) as payments_after
    from pairs
    inner join staging.payments as payments
        on payments.client_id = pairs.client_id and payments.freelancer_id = pairs.freelancer_id
    where payments.kind not in ('refund', 'chargeback')
    group by pairs.client_id, pairs.freelancer_id
),

pair_messages as (
    select
        pairs.client_id,
        pairs.freelancer_id,
        max(messages.ts) as last_message_ts,
        count(*) filter (where messages.ts > coalesce(pair_payments.last_payment_ts, pairs.first_contact_ts))
            as messages_after_last_payment
    from pairs
    left join pair_payments using (client_id, freelancer_id)
    inner join staging.messages as messages
        on (messages.sender_id = pairs.client_id and messages.recipient_id = pairs.freelancer_id)
    group by pairs.client_id, pairs.freelancer_id
    union all
    select
        pairs.client_id,
        pairs.freelancer_id,
        max(messages.ts),
        count(*) filter (where messages.ts > coalesce(pair_payments.last_payment_ts, pairs.first_contact_ts))
    from pairs
    left join pair_payments using (client_id, freelancer_id)
    inner join staging.messages as messages
        on (messages.sender_id = pairs.freelancer_id and messages.recipient_id = pairs.client_id)
    group by pairs.client_id, pairs.freelancer_id
),

pair_talk as (
    select
        client_id,
        freelancer_id,
        max(last_message_ts) as last_message_ts,
        sum(messages_after_last_payment) as messages_after_last_payment
    from pair_messages
    group by client_id, freelancer_id
),

pair_logins as (
    select members.client_id, members.freelancer_id, count(*) as logins_after_last_payment
    from (
        select client_id, freelancer_id, client_id as account_id from pairs
        union all
        select client_id, freelancer_id, freelancer_id from pairs
    ) as members
    inner join pair_payments using (client_id, freelancer_id)
    inner join staging.logins as logins
        on logins.account_id = members.account_id and logins.ts > pair_payments.last_payment_ts
    group by members.client_id, members.freelancer_id
)

select
    pairs.client_id,
    pairs.freelancer_id,
    pairs.first_contact_message_id,
    pairs.first_contact_ts,
    pairs.first_contact_kind,
    pairs.first_contact_sender,
    pairs.first_contact_snippet,
    pairs.first_contact_obfuscated,
    pairs.contact_kinds,
    pairs.solicited,
    pairs.matches_account,
    coalesce(pair_contracts.contracts, 0) as contracts,
    coalesce(pair_contracts.hourly, false) as hourly,
    coalesce(pair_contracts.active_contract, false) as active_contract,
    pair_contracts.last_contract_end,
    as_of.as_of,
    round(
        greatest(
            date_diff(
                'hour',
                coalesce(pair_contracts.first_contract_at, pair_payments.first_payment_ts, pairs.first_contact_ts),
                pairs.first_contact_ts
            ) / 168.0,
            0
        ),
        2
    ) as weeks_before,
    round(greatest(date_diff('hour', pairs.first_contact_ts, as_of.as_of) / 168.0, 0), 2) as weeks_after,
    coalesce(pair_payments.paid_before, 0) as paid_before,
    coalesce(pair_payments.paid_after, 0) as paid_after,
    coalesce(pair_payments.payments_before, 0) as payments_before,
    coalesce(pair_payments.payments_after, 0) as payments_after,
    round(
        coalesce(pair_payments.paid_before, 0) / greatest(
            date_diff(
                'hour',
                coalesce(pair_contracts.first_contract_at, pair_payments.first_payment_ts, pairs.first_contact_ts),
                pairs.first_contact_ts
            ) / 168.0,
            1
        ),
        2
    ) as weekly_before,
    round(coalesce(pair_payments.paid_after, 0) / greatest(date_diff('hour', pairs.first_contact_ts, as_of.as_of) / 168.0, 1), 2)
        as weekly_after,
    pair_payments.last_payment_ts,
    coalesce(pair_talk.messages_after_last_payment, 0) as messages_after_last_payment,
    pair_talk.last_message_ts,
    round(greatest(date_diff('hour', pair_payments.last_payment_ts, pair_talk.last_message_ts) / 168.0, 0), 2)
        as weeks_talking_after_last_payment,
    coalesce(pair_logins.logins_after_last_payment, 0) as logins_after_last_payment,
    coalesce(pair_contracts.evidence_contracts, []) as evidence_contracts
from pairs
cross join as_of
left join pair_contracts using (client_id, freelancer_id)
left join pair_payments using (client_id, freelancer_id)
left join pair_talk using (client_id, freelancer_id)
left join pair_logins using (client_id, freelancer_id)
order by pairs.client_id, pairs.freelancer_id
