-- table: staging.accounts
-- grain: one row per account that passed every rule of the data contract, with its email and phone normalized
-- column account_id: the account's id as exported (trimmed); unique
-- column role: client or freelancer
-- column created_at: sign-up time, UTC
-- column country: ISO 3166-1 alpha-2 country, upper case; the default region for the phone
-- column email: the email as typed by the user (trimmed)
-- column email_normalized: the mailbox the email delivers to: lower case, +tag dropped, Gmail dots
--   removed and googlemail.com read as gmail.com; null when the email is not an address
-- column phone: the phone as typed by the user (trimmed)
-- column phone_e164: the phone in E.164 form, read with the account's country as default region;
--   null when it is not a possible number
-- column name: display name
create or replace table staging.accounts as
with valid as (
    select *
    from checked_accounts
    where len(reasons) = 0
)

select
    valid.account_id,
    valid.role,
    valid.created_at,
    valid.country,
    valid.email,
    normalize_email(valid.email) as email_normalized,
    valid.phone,
    phone_lookup.phone_e164,
    valid.name
from valid
left join phone_lookup
    on valid.phone = phone_lookup.phone
    and valid.country is not distinct from phone_lookup.country
