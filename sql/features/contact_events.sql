-- table: features.contact_events
-- grain: one row per message in which one party of a client-freelancer pair shared a personal
--   contact detail or asked to move off the platform (features.message_contacts with personal;
--   work artefacts such as a role mailbox or a shop phone are no event): the pair's payments
--   before and after that message, and the drop it would mean if it were the moment the money left
-- column client_id: the pair's client
-- column freelancer_id: the pair's freelancer
-- column message_id: the message
-- column ts: when it was sent, UTC
-- column sender_id: who sent it
-- column kind: its strongest finding's kind (a contact detail before a solicitation)
-- column snippet: that finding's redacted snippet
-- column obfuscated: that finding was disguised
-- column personal_evidence: why that finding counts as the sender's own contact
-- column solicited: the message asks to pay or talk off the platform
-- column matches_account: a finding of the message is a real account's email or phone
-- column event_number: 1 for the pair's first such message, 2 for the second, ...
-- column weeks_before: weeks from the pair's first contract (or payment) to the message
-- column weeks_after: weeks from the message to the end of the data
-- column paid_before: gross paid by the client to the freelancer before the message
-- column paid_after: gross paid from the message on
-- column payments_before: payments before the message
-- column payments_after: payments from the message on
-- column weekly_before: paid_before / weeks_before (at least one week)
-- column weekly_after: paid_after / weeks_after (at least one week)
-- column paid_weeks_before: distinct weeks with a payment before the message
-- column drop: 1 - weekly_after / weekly_before in [0, 1]; 0 with fewer than min_payments_before
--   payments before (a fall needs a history to fall from)
create or replace table features.contact_events as
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
    where senders.role <> recipients.role and (contacts.personal or contacts.kind = 'solicitation')
),

events as (
    select
        client_id,
        freelancer_id,
        message_id,
        any_value(ts) as ts,
        any_value(sender_id) as sender_id,
        arg_min(
            kind, (kind = 'solicitation', matched_account_id is null, not obfuscated, start_offset)
        ) as kind,
        arg_min(
            snippet,
            (kind = 'solicitation', matched_account_id is null, not obfuscated, start_offset)
        ) as snippet,
        arg_min(
            obfuscated,
            (kind = 'solicitation', matched_account_id is null, not obfuscated, start_offset)
        ) as obfuscated,
        arg_min(
            personal_evidence,
            (kind = 'solicitation', matched_account_id is null, not obfuscated, start_offset)
        ) as personal_evidence,
        bool_or(kind = 'solicitation') as solicited,
        bool_or(matched_account_id is not null) as matches_account
    from findings
    group by client_id, freelancer_id, message_id
),

pairs as (
    select distinct client_id, freelancer_id from events
),

pair_payments as (
    select
        payments.client_id,
        payments.freelancer_id,
        payments.ts,
        sum(payments.amount) over upto as paid_upto,
        count(*) over upto as payments_upto
    from staging.payments as payments
    semi join pairs using (client_id, freelancer_id)
    where payments.kind not in ('refund', 'chargeback')
    window upto as (
        partition by payments.client_id, payments.freelancer_id
        order by payments.ts, payments.payment_id
        rows between unbounded preceding and current row
    )
),

pair_weeks as (
    select client_id, freelancer_id, date_trunc('week', ts) as week
    from pair_payments
    group by all
),

pair_totals as (
    select
        client_id,
        freelancer_id,
        max(paid_upto) as paid_total,
        count(*) as payments_total,
        min(ts) as first_payment_ts
    from pair_payments
    group by client_id, freelancer_id
),

pair_start as (
    select contracts.client_id, contracts.freelancer_id, min(contracts.created_at) as started_at
    from staging.contracts as contracts
    semi join pairs using (client_id, freelancer_id)
    group by contracts.client_id, contracts.freelancer_id
),

as_of as (
    select greatest(
        (select max(ts) from staging.payments), (select max(ts) from staging.messages)
    ) as as_of
),

before as (
    select
        events.*,
        coalesce(upto.paid_upto, 0) as paid_before,
        coalesce(upto.payments_upto, 0) as payments_before
    from events
    asof left join pair_payments as upto
        on events.client_id = upto.client_id
        and events.freelancer_id = upto.freelancer_id
        and events.ts > upto.ts
),

paid_weeks as (
    select events.client_id, events.freelancer_id, events.message_id, count(*) as paid_weeks_before
    from events
    inner join pair_weeks
        on pair_weeks.client_id = events.client_id
        and pair_weeks.freelancer_id = events.freelancer_id
        and pair_weeks.week < date_trunc('week', events.ts)
    group by all
),

measured as (
    select
        before.*,
        row_number() over (
            partition by before.client_id, before.freelancer_id order by before.ts, before.message_id
        ) as event_number,
        greatest(
            date_diff(
                'hour',
                coalesce(pair_start.started_at, pair_totals.first_payment_ts, before.ts),
                before.ts
            ) / 168.0,
            0
        ) as weeks_before_raw,
        greatest(date_diff('hour', before.ts, as_of.as_of) / 168.0, 0) as weeks_after_raw,
        coalesce(pair_totals.paid_total, 0) - before.paid_before as paid_after,
        coalesce(pair_totals.payments_total, 0) - before.payments_before as payments_after,
        coalesce(paid_weeks.paid_weeks_before, 0) as paid_weeks_before
    from before
    cross join as_of
    left join pair_totals using (client_id, freelancer_id)
    left join pair_start using (client_id, freelancer_id)
    left join paid_weeks using (client_id, freelancer_id, message_id)
),

rated as (
    select
        *,
        paid_before / greatest(weeks_before_raw, 1) as weekly_before,
        paid_after / greatest(weeks_after_raw, 1) as weekly_after
    from measured
)

select
    client_id,
    freelancer_id,
    message_id,
    ts,
    sender_id,
    kind,
    snippet,
    obfuscated,
    personal_evidence,
    solicited,
    matches_account,
    event_number,
    round(weeks_before_raw, 2) as weeks_before,
    round(weeks_after_raw, 2) as weeks_after,
    paid_before,
    paid_after,
    payments_before,
    payments_after,
    round(weekly_before, 2) as weekly_before,
    round(weekly_after, 2) as weekly_after,
    paid_weeks_before,
    case
        when weekly_before <= 0 or payments_before < $min_payments_before then 0.0
        else round(greatest(0.0, least(1.0, 1 - weekly_after / weekly_before)), 4)
    end as drop
from rated
