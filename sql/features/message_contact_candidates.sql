-- contact_candidates (temporary): the messages that could hold a contact detail, with the
-- sender's country as the default region for phone numbers ('ZZ' when unknown). The test is one
-- cheap RE2 regex over the raw body ($prefilter, from analytics/contacts/patterns.py): an at
-- sign, a spelled-out "dot", a domain, seven digit-like tokens in a row, a channel or payment
-- keyword, a solicitation word, mixed scripts or invisible characters. It may over-approximate;
-- it must not miss: everything after it (de-obfuscation, libphonenumber) only sees these rows.
create or replace temp table contact_candidates as
select
    messages.message_id,
    coalesce(upper(senders.country), 'ZZ') as region,
    messages.body
from staging.messages as messages
left join staging.accounts as senders on messages.sender_id = senders.account_id
where regexp_matches(messages.body, $prefilter)
