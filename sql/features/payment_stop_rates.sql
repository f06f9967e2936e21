-- table: features.payment_stop_rates
-- grain: one row per billing stratum (hourly or fixed, a contract still open or not, how many
--   weeks were paid): how often pairs of this marketplace with such a history stop paying while
--   they keep talking, per week at risk. Measured on every pair with at least
--   min_payments_before payments, nearly all of them honest: the base rate a drop after a contact
--   is judged against, so a job that simply ends is not a drop-off
-- column hourly: the pairs have an hourly contract
-- column open_contract: a contract of the pairs is still active
-- column paid_weeks_band: weeks with a payment: short (under band_short_weeks), medium (under
--   band_long_weeks) or long
-- column pairs: pairs in the stratum
-- column stops: pairs whose payments stopped at least weeks_to_judge before the end of the data
--   while at least stop_min_messages messages followed their last payment
-- column weeks_at_risk: summed weeks from each pair's first payment to its last (or to
--   weeks_to_judge before the end of the data), the weeks in which such a stop could begin
-- column weekly_stop_rate: (stops + stop_rate_prior_weeks * the marketplace-wide rate) /
--   (weeks_at_risk + stop_rate_prior_weeks): the chance an honest pair of the stratum starts such
--   a stop in a given week, shrunk towards the marketplace-wide rate where the stratum is small
create or replace table features.payment_stop_rates as
with as_of as (
    select greatest(
        (select max(ts) from staging.payments), (select max(ts) from staging.messages)
    ) as as_of
),

pair_payments as (
    select
        client_id,
        freelancer_id,
        min(ts) as first_ts,
        max(ts) as last_ts,
        count(distinct date_trunc('week', ts)) as paid_weeks
    from staging.payments
    where kind not in ('refund', 'chargeback')
    group by client_id, freelancer_id
    having count(*) >= $min_payments_before
),

pair_contracts as (
    select
        client_id,
        freelancer_id,
        bool_or(pricing = 'hourly') as hourly,
        bool_or(status = 'active') as open_contract
    from staging.contracts
    group by client_id, freelancer_id
),

talk_after as (
    select pair_payments.client_id, pair_payments.freelancer_id, count(*) as messages
    from pair_payments
    inner join staging.messages as messages
        on messages.sender_id = pair_payments.client_id
        and messages.recipient_id = pair_payments.freelancer_id
        and messages.ts > pair_payments.last_ts
    group by all
    union all
    select pair_payments.client_id, pair_payments.freelancer_id, count(*)
    from pair_payments
    inner join staging.messages as messages
        on messages.sender_id = pair_payments.freelancer_id
        and messages.recipient_id = pair_payments.client_id
        and messages.ts > pair_payments.last_ts
    group by all
),

pairs as (
    select
        pair_contracts.hourly,
        pair_contracts.open_contract,
        case
            when pair_payments.paid_weeks < $band_short_weeks then 'short'
            when pair_payments.paid_weeks < $band_long_weeks then 'medium'
            else 'long'
        end as paid_weeks_band,
        pair_payments.last_ts <= as_of.as_of - to_days(cast(7 * $weeks_to_judge as integer))
            and coalesce(talk.messages, 0) >= $stop_min_messages as stopped,
        greatest(
            date_diff(
                'hour',
                pair_payments.first_ts,
                least(
                    pair_payments.last_ts,
                    as_of.as_of - to_days(cast(7 * $weeks_to_judge as integer))
                )
            ) / 168.0 + 1,
            0
        ) as weeks_at_risk
    from pair_payments
    cross join as_of
    inner join pair_contracts using (client_id, freelancer_id)
    left join (
        select client_id, freelancer_id, sum(messages) as messages
        from talk_after
        group by all
    ) as talk using (client_id, freelancer_id)
),

overall as (
    select count(*) filter (where stopped) / greatest(sum(weeks_at_risk), 1) as rate from pairs
),

strata as (
    select
        hourly,
        open_contract,
        paid_weeks_band,
        count(*) as pairs,
        count(*) filter (where stopped) as stops,
        sum(weeks_at_risk) as weeks_at_risk
    from pairs
    group by all
)

select
    strata.hourly,
    strata.open_contract,
    strata.paid_weeks_band,
    strata.pairs,
    strata.stops,
    round(strata.weeks_at_risk, 1) as weeks_at_risk,
    round(
        (strata.stops + $stop_rate_prior_weeks * overall.rate)
        / (strata.weeks_at_risk + $stop_rate_prior_weeks),
        6
    ) as weekly_stop_rate
from strata
cross join overall
order by all
