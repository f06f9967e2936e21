-- Every case, in any pattern, whose accounts paid with one card (or used one device, phone,
-- email: change `kind`), with the card's rarity and each case's place in the queue.
with params as (
    select 'instrument' as kind, 'card_REPLACE_ME' as value
),

holders as (
    select ids.account_id, ids.n_accounts
    from staging.account_identifiers as ids, params
    where ids.kind = params.kind and ids.value = params.value
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
