-- table: graph.linkable_identifiers
-- grain: one row per account and identifier value that can link it to other accounts: shared by
--   more than one account, not a hub or crowd (graph.excluded_identifiers), with its kind's weight.
--   The one definition of identifier evidence the detectors read (rings, immediate hires)
-- column account_id: the account
-- column kind: email, phone, device, instrument or ip: an IPv4 address or an IPv6 /64 network
--   (household_address: IPv6 devices of one home share the prefix, not the address)
-- column value: the normalized value (staging.account_identifiers)
-- column n_accounts: distinct accounts that use the value
-- column kind_weight: what one rare shared value of this kind is worth (identifier_evidence
--   parameters, see ringwatch params): a card or a mailbox is nearly an identity, an IP much less
create or replace table graph.linkable_identifiers as
with weights as (
    select * from (
        values
            ('instrument', $weight_instrument),
            ('email', $weight_email),
            ('phone', $weight_phone),
            ('device', $weight_device),
            ('ip', $weight_ip)
    ) as t(kind, kind_weight)
)

select
    ids.account_id,
    case when ids.kind = 'ip_network' then 'ip' else ids.kind end as kind,
    ids.value,
    ids.n_accounts,
    weights.kind_weight
from staging.account_identifiers as ids
inner join weights on weights.kind = case when ids.kind = 'ip_network' then 'ip' else ids.kind end
anti join graph.excluded_identifiers as hubs on hubs.kind = ids.kind and hubs.value = ids.value
where
    ids.n_accounts > 1
    and (ids.kind <> 'ip' or ids.value not like '%:%')
    and (ids.kind <> 'ip_network' or ids.value like '%:%')
