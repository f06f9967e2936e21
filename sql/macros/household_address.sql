-- macro: household_address(ip, ip_version, ip_network) -> the address a household shares: the
--   IPv4 address itself, or for IPv6 the /64 network (IPv6 devices rotate their address inside
--   the prefix their router was given, so two devices of one home never share the full address).
create or replace temp macro household_address(ip, ip_version, ip_network) as (
    case when ip_version = 6 then ip_network else ip end
);
