-- table: features.message_contacts
-- grain: one row per contact detail or off-platform solicitation found in a workroom message: the first occurrence of each (message_id, kind, value)
-- column message_id: the message; present in staging.messages
-- column contract_id: the contract whose workroom it was sent in; null before a hire
-- column sender_id: the account that wrote the message
-- column recipient_id: the account it was sent to
-- column ts: send time, UTC
-- column kind: email, phone, whatsapp, telegram, signal, skype, wechat, paypal, venmo, payoneer,
--   iban or solicitation. An email or phone introduced by a channel's name ("whatsapp: +44 ...",
--   "my paypal is x@y.com") takes that channel's kind; its value stays the mailbox or E.164
-- column value: the normalized detail: the mailbox (normalize_email: lower case, +tag dropped,
--   Gmail dots removed) for addresses, E.164 for phone numbers (also wa.me and signal.me links),
--   the lower-cased handle for handles and links (t.me/x -> x, live:.cid.x kept whole, "+" before
--   invite codes), the IBAN without spaces, the account number for "Payoneer customer ID n", and
--   for solicitation the phrase class: pay_directly, outside_platform, avoid_fees or move_channel
-- column value_type: what value is, whatever the kind: email (a mailbox), phone (E.164), handle
--   (a messenger or payment handle, link or invite code), iban, account_id (a Payoneer number)
--   or phrase (solicitation); a whatsapp finding is a phone or a handle, a paypal one an email
--   or a handle
-- column start_offset: character offset (0-based) in body where the finding starts; exact, also
--   through look-alike, full-width and zero-width characters. For a phone span holding several
--   numbers written with digit words, every number gets the whole span's offsets
-- column end_offset: character offset in body just after the finding (same rules)
-- column obfuscated: true when the detail was disguised: spelled-out or bracketed at/dot, spaces
--   around @, a bare provider ("x@gmail"), digit words or one-digit groups in a phone, or
--   non-ASCII characters (look-alikes, full-width, zero-width) inside the matched text
-- column snippet: the finding in context, redacted: the detail itself masked (jo***@gm***.com,
--   +1 415 *** **00), up to 40 characters of the body on each side with digits shown as # and
--   any x@y as ***@***, stopping at other contacts of the same message. Attacker-written text:
--   never render it unescaped
-- column matched_account_id: an account whose email_normalized (for mailbox values) or
--   phone_e164 (for E.164 values) equals value: the sender if it matches, else the recipient,
--   else the lowest matching account_id; null when no account has it
-- column personal: the finding is the sender's own way to be reached off the platform (or a
--   solicitation), not a work artefact such as a role mailbox; every finding is personal until
--   contact classification lands
-- column personal_evidence: why it was judged personal or a work artefact, in words
create or replace table features.message_contacts as
with found as (
    select
        message_id,
        kind,
        case when value_type = 'email' then normalize_email(value) else value end as value,
        value_type,
        start_offset,
        end_offset,
        obfuscated,
        snippet
    from contact_findings
),

first_found as (
    select *
    from found
    where value is not null
    qualify row_number() over (
        partition by message_id, kind, value order by start_offset, end_offset
    ) = 1
),

identities as (
    select account_id, 'email' as value_type, email_normalized as value
    from staging.accounts
    where email_normalized is not null
    union all
    select account_id, 'phone' as value_type, phone_e164 as value
    from staging.accounts
    where phone_e164 is not null
),

matched as (
    select
        first_found.message_id,
        first_found.kind,
        first_found.value,
        identities.account_id
    from first_found
    inner join staging.messages as messages on first_found.message_id = messages.message_id
    inner join identities
        on first_found.value_type = identities.value_type
        and first_found.value = identities.value
    qualify row_number() over (
        partition by first_found.message_id, first_found.kind, first_found.value
        order by
            identities.account_id = messages.sender_id desc,
            identities.account_id = messages.recipient_id desc,
            identities.account_id
    ) = 1
)

select
    messages.message_id,
    messages.contract_id,
    messages.sender_id,
    messages.recipient_id,
    messages.ts,
    first_found.kind,
    first_found.value,
    first_found.value_type,
    first_found.start_offset,
    first_found.end_offset,
    first_found.obfuscated,
    first_found.snippet,
    matched.account_id as matched_account_id,
    true as personal,
    null::varchar as personal_evidence
from first_found
inner join staging.messages as messages on first_found.message_id = messages.message_id
left join matched
    on first_found.message_id = matched.message_id
    and first_found.kind = matched.kind
    and first_found.value = matched.value
order by messages.message_id, first_found.start_offset, first_found.kind
