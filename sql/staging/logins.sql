-- table: staging.logins
-- grain: one row per valid login event (logins have no id: repeated identical rows are kept)
-- column account_id: the account that logged in; present in staging.accounts
-- column ts: login time, UTC
-- column ip: canonical address: dotted quad without leading zeros, or compressed IPv6;
--   IPv4-mapped IPv6 is read as IPv4
-- column ip_version: 4 or 6
-- column ip_network: the address's /24 (IPv4) or /64 (IPv6) network, where one household or
--   office usually sits
-- column ip_class: public, private, carrier_grade_nat (100.64.0.0/10), loopback, link_local,
--   multicast, documentation, reserved, benchmarking or unspecified
-- column device_id: device or browser fingerprint, lower case; null when not captured
create or replace table staging.logins as
select account_id, ts, ip, ip_version, ip_network, ip_class, device_id
from checked_logins
where len(reasons) = 0
