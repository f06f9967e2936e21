-- table: features.contact_dropoff
-- grain: one row per client-freelancer pair in whose messages one party shared a personal
--   contact detail or asked to move off the platform (features.contact_events): the sharing event
--   the drop is judged at, the pair's payments before and after it, how honest pairs billed alike
--   stop (features.payment_stop_rates), and whether the relationship went on
-- column client_id: the pair's client
-- column freelancer_id: the pair's freelancer
-- column first_contact_message_id: the pair's first message with a personal contact or request
-- column first_contact_ts: when it was sent, UTC
-- column first_contact_kind: its kind (email, phone, whatsapp, ..., solicitation)
-- column first_contact_sender: the account that sent it
-- column first_contact_snippet: the redacted snippet of that finding
-- column first_contact_obfuscated: the detail was disguised (spelled out, look-alikes, ...)
-- column judged_message_id: the sharing event the drop is judged at: of the pair's personal
--   sharing events, the one after which payments fell most (the earliest on a tie)
-- column judged_ts: when it was sent, UTC
-- column judged_kind: its kind
-- column judged_sender: who sent it
-- column judged_snippet: its redacted snippet
-- column judged_obfuscated: it was disguised
-- column judged_evidence: why it counts as the sender's own contact (features.message_contacts)
-- column judged_event_number: which of the pair's sharing events it is (1 = the first)
-- column sharing_events: the pair's messages with a personal contact or request
-- column work_artefacts: contact details in the pair's messages that are work artefacts (a role
--   mailbox, an address given as configuration), not counted as sharing
-- column work_artefact_example: the first of them: message id, kind and why, for the reasons
-- column contact_kinds: every kind of personal contact or request in the pair's messages
-- column solicited: the pair's messages ask to pay or talk off the platform
-- column matches_account: a shared email or phone belongs to an account (the sender's own or
--   another's): the shared detail is real
-- column contracts: the pair's contracts
-- column hourly: the pair has an hourly contract (billed weekly, so a stop is visible)
-- column active_contract: a contract of the pair is still active
-- column last_contract_end: the latest ended_at among the pair's contracts, null if none ended
-- column as_of: the data's end: the latest payment or message of the whole input
-- column weeks_before: weeks from the pair's first contract (or payment) to the judged event
-- column weeks_after: weeks from the judged event to as_of
-- column paid_before: gross paid before the judged event
-- column paid_after: gross paid from it on
-- column payments_before: payments before the judged event
-- column payments_after: payments from it on
-- column weekly_before: paid_before / weeks_before
-- column weekly_after: paid_after / weeks_after
-- column drop: 1 - weekly_after / weekly_before at the judged event, in [0, 1]
-- column paid_weeks_band: the pair's billing history before the judged event (short, medium,
--   long: see features.payment_stop_rates)
-- column stratum_pairs: pairs of the marketplace billed like this one (same hourly, open contract
--   and paid-weeks band)
-- column weekly_stop_rate: how often such pairs stop paying while still talking, per week
-- column weeks_to_stop: weeks from the judged event to the pair's last payment (0 when none came
--   after it)
-- column stop_by_chance: the chance that an honest pair billed like this one starts such a stop
--   within weeks_to_stop + 1 weeks after one of its sharing events: 1 - (1 - weekly_stop_rate) ^
--   ((weeks_to_stop + 1) * sharing_events). The judged event is the best of sharing_events, so the
--   more events, the likelier one of them precedes an ordinary stop
-- column last_payment_ts: the pair's last payment, UTC
-- column messages_after_last_payment: messages between the two after their last payment
-- column last_message_ts: their last message, UTC
-- column weeks_talking_after_last_payment: weeks from the last payment to the last message
-- column logins_after_last_payment: logins of either account after the last payment
-- column channel_mentions: messages of the pair after the judged event that name another channel
--   ("replied on telegram", "sent it to your email", "call you")
-- column channel_mention_ids: the first three of them, oldest first
-- column channel_mention_phrases: the words that named the channel in each of those three
-- column evidence_contracts: the pair's contracts, latest first
create or replace table features.contact_dropoff as
with judged as (
    select *
    from features.contact_events
    qualify row_number() over (
        partition by client_id, freelancer_id order by drop desc, ts, message_id
    ) = 1
),

firsts as (
    select *, count(*) over (partition by client_id, freelancer_id) as sharing_events
    from features.contact_events
    qualify event_number = 1
),

pair_kinds as (
    select
        client_id,
        freelancer_id,
        list(distinct kind order by kind) as contact_kinds,
        bool_or(solicited) as solicited,
        bool_or(matches_account) as matches_account
    from features.contact_events
    group by client_id, freelancer_id
),

artefacts as (
    select
        case when senders.role = 'client' then contacts.sender_id else contacts.recipient_id end
            as client_id,
        case when senders.role = 'client' then contacts.recipient_id else contacts.sender_id end
            as freelancer_id,
        count(*) as work_artefacts,
        arg_min(
            contacts.message_id || ': ' || contacts.kind || ', '
                || coalesce(contacts.personal_evidence, 'a work artefact'),
            (contacts.ts, contacts.message_id)
        ) as work_artefact_example
    from features.message_contacts as contacts
    inner join staging.accounts as senders on senders.account_id = contacts.sender_id
    where not contacts.personal and contacts.kind <> 'solicitation'
    group by all
),

as_of as (
    select greatest(
        (select max(ts) from staging.payments), (select max(ts) from staging.messages)
    ) as as_of
),

pair_contracts as (
    select
        judged.client_id,
        judged.freelancer_id,
        count(*) as contracts,
        bool_or(contracts.pricing = 'hourly') as hourly,
        bool_or(contracts.status = 'active') as active_contract,
        max(contracts.ended_at) as last_contract_end,
        list(contracts.contract_id order by contracts.created_at desc, contracts.contract_id)
            as evidence_contracts
    from judged
    inner join staging.contracts as contracts
        on contracts.client_id = judged.client_id and contracts.freelancer_id = judged.freelancer_id
    group by judged.client_id, judged.freelancer_id
),

pair_payments as (
    select judged.client_id, judged.freelancer_id, max(payments.ts) as last_payment_ts
    from judged
    inner join staging.payments as payments
        on payments.client_id = judged.client_id and payments.freelancer_id = judged.freelancer_id
    where payments.kind not in ('refund', 'chargeback')
    group by judged.client_id, judged.freelancer_id
),

pair_messages as (
    select
        judged.client_id,
        judged.freelancer_id,
        messages.message_id,
        messages.ts,
        messages.body,
        judged.ts as judged_ts
    from judged
    inner join staging.messages as messages
        on messages.sender_id = judged.client_id and messages.recipient_id = judged.freelancer_id
    union all
    select
        judged.client_id,
        judged.freelancer_id,
        messages.message_id,
        messages.ts,
        messages.body,
        judged.ts
    from judged
    inner join staging.messages as messages
        on messages.sender_id = judged.freelancer_id and messages.recipient_id = judged.client_id
),

pair_talk as (
    select
        pair_messages.client_id,
        pair_messages.freelancer_id,
        max(pair_messages.ts) as last_message_ts,
        count(*) filter (
            where pair_messages.ts > coalesce(pair_payments.last_payment_ts, pair_messages.judged_ts)
        ) as messages_after_last_payment
    from pair_messages
    left join pair_payments using (client_id, freelancer_id)
    group by pair_messages.client_id, pair_messages.freelancer_id
),

mentions as (
    select
        client_id,
        freelancer_id,
        count(*) as channel_mentions,
        list(message_id order by ts, message_id)[1:3] as channel_mention_ids,
        list(trim(regexp_extract(lower(body), $channel_reference)) order by ts, message_id)[1:3]
            as channel_mention_phrases
    from pair_messages
    where ts > judged_ts and regexp_matches(lower(body), $channel_reference)
    group by client_id, freelancer_id
),

pair_logins as (
    select members.client_id, members.freelancer_id, count(*) as logins_after_last_payment
    from (
        select client_id, freelancer_id, client_id as account_id from judged
        union all
        select client_id, freelancer_id, freelancer_id from judged
    ) as members
    inner join pair_payments using (client_id, freelancer_id)
    inner join staging.logins as logins
        on logins.account_id = members.account_id and logins.ts > pair_payments.last_payment_ts
    group by members.client_id, members.freelancer_id
),

stratified as (
    select
        judged.client_id,
        judged.freelancer_id,
        case
            when judged.paid_weeks_before < $band_short_weeks then 'short'
            when judged.paid_weeks_before < $band_long_weeks then 'medium'
            else 'long'
        end as paid_weeks_band,
        greatest(
            date_diff('hour', judged.ts, coalesce(pair_payments.last_payment_ts, judged.ts))
                / 168.0,
            0
        ) as weeks_to_stop
    from judged
    left join pair_payments using (client_id, freelancer_id)
)

select
    judged.client_id,
    judged.freelancer_id,
    firsts.message_id as first_contact_message_id,
    firsts.ts as first_contact_ts,
    firsts.kind as first_contact_kind,
    firsts.sender_id as first_contact_sender,
    firsts.snippet as first_contact_snippet,
    firsts.obfuscated as first_contact_obfuscated,
    judged.message_id as judged_message_id,
    judged.ts as judged_ts,
    judged.kind as judged_kind,
    judged.sender_id as judged_sender,
    judged.snippet as judged_snippet,
    judged.obfuscated as judged_obfuscated,
    judged.personal_evidence as judged_evidence,
    judged.event_number as judged_event_number,
    firsts.sharing_events,
    coalesce(artefacts.work_artefacts, 0) as work_artefacts,
    artefacts.work_artefact_example,
    pair_kinds.contact_kinds,
    pair_kinds.solicited,
    pair_kinds.matches_account,
    coalesce(pair_contracts.contracts, 0) as contracts,
    coalesce(pair_contracts.hourly, false) as hourly,
    coalesce(pair_contracts.active_contract, false) as active_contract,
    pair_contracts.last_contract_end,
    as_of.as_of,
    judged.weeks_before,
    judged.weeks_after,
    judged.paid_before,
    judged.paid_after,
    judged.payments_before,
    judged.payments_after,
    judged.weekly_before,
    judged.weekly_after,
    judged.drop,
    stratified.paid_weeks_band,
    coalesce(rates.pairs, 0) as stratum_pairs,
    rates.weekly_stop_rate,
    round(stratified.weeks_to_stop, 2) as weeks_to_stop,
    round(
        1 - power(
            1 - coalesce(rates.weekly_stop_rate, 0),
            (stratified.weeks_to_stop + 1) * firsts.sharing_events
        ),
        4
    ) as stop_by_chance,
    pair_payments.last_payment_ts,
    coalesce(pair_talk.messages_after_last_payment, 0) as messages_after_last_payment,
    pair_talk.last_message_ts,
    round(
        greatest(
            date_diff('hour', pair_payments.last_payment_ts, pair_talk.last_message_ts) / 168.0, 0
        ),
        2
    ) as weeks_talking_after_last_payment,
    coalesce(pair_logins.logins_after_last_payment, 0) as logins_after_last_payment,
    coalesce(mentions.channel_mentions, 0) as channel_mentions,
    coalesce(mentions.channel_mention_ids, []) as channel_mention_ids,
    coalesce(mentions.channel_mention_phrases, []) as channel_mention_phrases,
    coalesce(pair_contracts.evidence_contracts, []) as evidence_contracts
from judged
cross join as_of
inner join firsts using (client_id, freelancer_id)
inner join pair_kinds using (client_id, freelancer_id)
inner join stratified using (client_id, freelancer_id)
left join artefacts using (client_id, freelancer_id)
left join pair_contracts using (client_id, freelancer_id)
left join pair_payments using (client_id, freelancer_id)
left join pair_talk using (client_id, freelancer_id)
left join pair_logins using (client_id, freelancer_id)
left join mentions using (client_id, freelancer_id)
left join features.payment_stop_rates as rates
    on rates.hourly = coalesce(pair_contracts.hourly, false)
    and rates.open_contract = coalesce(pair_contracts.active_contract, false)
    and rates.paid_weeks_band = stratified.paid_weeks_band
