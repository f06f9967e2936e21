-- table: staging.phone_normalizations
-- grain: one row per distinct (phone as typed, account country) among the input accounts of the
--   latest run, with its E.164 form; the next run reuses these instead of parsing them again
-- column phone: the phone as typed by the user (trimmed)
-- column country: the account's country, the default region the phone was read with
-- column phone_e164: the phone in E.164 form; null when it is not a possible number
-- column normalizer: what produced phone_e164: the phonenumbers version and a fingerprint of
--   ringwatch's phone code; a run whose normalizer differs parses every phone again
create or replace table staging.phone_normalizations as
select phone, country, phone_e164, $normalizer as normalizer
from phone_lookup
