-- table: features.contact_scans
-- grain: one row per message that passed the contact prefilter in the latest run, with what the
--   detector found in it (often nothing); features.message_contacts is built from it, and the
--   next run reuses a row while the message, its sender's region and the detector are unchanged
-- column message_id: the message; present in staging.messages
-- column region: the sender's country, the default region for phone numbers ('ZZ' when unknown)
-- column body_hash: hash of the body as scanned; a changed body is scanned again
-- column detector: fingerprint of the contact code and the versions of phonenumbers and polars
--   that produced the findings; a run with another fingerprint scans every message again
-- column findings: the contact details and solicitations found, in body order (kind, value as
--   extracted before email normalization, value_type, start/end offsets, obfuscated, snippet);
--   empty when the message holds none
create or replace table features.contact_scans as
with new_findings as (
    select
        message_id,
        list(
            {
                'kind': kind,
                'value': value,
                'value_type': value_type,
                'start_offset': start_offset,
                'end_offset': end_offset,
                'obfuscated': obfuscated,
                'snippet': snippet
            }
            order by start_offset, end_offset, kind, value
        ) as findings
    from contact_findings
    group by message_id
)

select
    candidates.message_id,
    candidates.region,
    candidates.body_hash,
    $detector as detector,
    coalesce(reused.findings, new_findings.findings, []) as findings
from contact_candidates as candidates
left join contact_reused as reused on candidates.message_id = reused.message_id
left join new_findings on candidates.message_id = new_findings.message_id
