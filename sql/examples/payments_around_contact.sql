-- The weekly payments of one client-freelancer pair, before and after the first contact
-- details appeared in their workroom: the timeline behind a contact_dropoff case.
with params as (
    select 'CLIENT_ID' as client_id, 'FREELANCER_ID' as freelancer_id
),

pair as (
    select dropoff.*
    from features.contact_dropoff as dropoff, params
    where dropoff.client_id = params.client_id and dropoff.freelancer_id = params.freelancer_id
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
