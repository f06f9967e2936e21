-- contact_reused (temporary): the candidates the detector already scanned in an earlier run with
-- the same body, the same sender region and the same detector ($detector: a fingerprint of the
-- contact code and the libraries it uses). Their findings are taken over instead of extracted
-- again: de-obfuscation and libphonenumber are most of the cost of contact detection.
create or replace temp table contact_reused as
select
    candidates.message_id,
    scans.findings
from contact_candidates as candidates
inner join features.contact_scans as scans
    on candidates.message_id = scans.message_id
    and candidates.region = scans.region
    and candidates.body_hash = scans.body_hash
where scans.detector = $detector
