-- The weekly payments of one client-freelancer pair, before and after the first contact
-- details appeared in their workroom: the timeline behind a contact_dropoff case.
-- param client_id: the client's account id
-- param freelancer_id: the freelancer's account id
-- example: client_id=a0000762 freelancer_id=a0000672
with pair as (
    select dropoff.*
    from features.contact_dropoff as dropoff
    where dropoff.client_id = $client_id and dropoff.freelancer_id = $freelancer_id
)

select
    date_trunc('week', payments.ts) as week,
    sum(payments.amount) filter (where payments.kind not in ('refund', 'chargeback')) as paid,
    count(*) as payments,
    any_value(case when payments.ts >= pair.first_contact_ts then 'after' else 'before' end)
        as relative_to_first_contact
from staging.payments as payments
inner join pair
    on payments.client_id = pair.client_id and payments.freelancer_id = pair.freelancer_id
group by week
order by week;
