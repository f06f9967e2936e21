-- Every case, in any pattern, whose accounts paid with one card (or used one device, phone,
-- email: change `kind`), with the card's rarity and each case's place in the queue.
-- param kind: identifier kind: instrument, email, phone, device, ip or network
-- param value: the identifier as staging.account_identifiers holds it (e.g. card_..., E.164)
-- example: kind=instrument value=card_48091bbf308036da
with holders as (
    select ids.account_id, ids.n_accounts
    from staging.account_identifiers as ids
    where ids.kind = $kind and ids.value = $value
)

select
    status.case_id,
    status.pattern,
    status.score,
    status.status,
    queue.rank,
    list_intersect(registry.account_ids, (select list(account_id) from holders)) as holders_in_case,
    (select max(n_accounts) from holders) as accounts_using_it
from queues.case_status as status
inner join queues.case_registry as registry using (case_id)
left join queues.investigation_queue as queue using (case_id)
where len(list_intersect(registry.account_ids, (select list(account_id) from holders))) > 0
order by status.score desc;
