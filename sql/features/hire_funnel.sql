-- table: features.hire_funnel
-- grain: one row per contract: how fast its client went from sign-up to hire, against whom, what
--   the client and the freelancer share, and how the money moved right after; the numbers behind
--   the immediate-hire score
-- column contract_id: the contract (staging.contracts)
-- column client_id: the hiring account
-- column freelancer_id: the hired account
-- column client_created_at: the client's sign-up time, UTC
-- column job_posted_at: when the job was posted, UTC; null when there was no public post
-- column hired_at: hire time (the contract's created_at), UTC
-- column minutes_to_post: minutes from the client's sign-up to the job post; null without a post
-- column minutes_to_hire: minutes from the client's sign-up to the hire
-- column hire_type: job_post, invite or direct_contract
-- column proposals: proposals the job received before the hire; null when not known
-- column no_competition: nobody else could realistically compete: at most max_proposals proposals
--   (an invite or direct contract with no count counts as none; a job post with no count does not)
-- column pricing: hourly or fixed
-- column client_contract_number: 1 for the client's first contract, 2 for its second, ...
-- column client_contracts: contracts the client ever had
-- column is_first_contract: this is the client's first contract
-- column client_other_freelancers: distinct freelancers other than this one the client ever hired
-- column client_paid_elsewhere: gross amount the client paid to those other freelancers
-- column fresh_immediate: the client's first contract, hired within fresh_minutes of sign-up and
--   without competition: the core of the pattern, counted per freelancer in
--   features.freelancer_fresh_clients
-- column shared_values: rare identifiers behind the pair, strongest first: kind, value, n_accounts
--   (accounts using it overall), weight (kind weight times rarity: 1 while no more than
--   rare_up_to accounts use it, then rare_up_to / n_accounts) and shared_with: 'freelancer' for an
--   email, phone or device the client shares with the freelancer, or an IP both used within
--   ip_window_hours of the client's sign-up or of the hire; 'other clients' for a payment
--   instrument the client shares with another client of the same freelancer. Values in
--   graph.excluded_identifiers (NATs, offices, crowds) never count
-- column link_strength: noisy-OR of the shared values' weights, in [0, 1]
-- column currency: currency of the contract's first payment; null when never paid
-- column gross_paid: gross amount paid on the contract (refunds and chargebacks not subtracted)
-- column paid_early: gross amount paid within early_days of the hire
-- column early_paid_rank: percent rank of paid_early among paid contracts of the same currency
--   (0 the smallest, 1 the largest); null when nothing was paid early
-- column early_share: paid_early / gross_paid: 1 when the money came as a lump right after the
--   hire, small for an ongoing contract whose first invoice merely happened to be large; null when
--   never paid
-- column largest_payment: the largest single payment on the contract
-- column share_of_client_paid: gross_paid / everything the client ever paid; null when the client
--   never paid
-- column charged_back: amount refunded or charged back on the contract
-- column n_payments: payments on the contract, refunds and chargebacks excluded
-- column paid_weeks: distinct weeks with a payment on the contract: an ongoing relationship pays
--   week after week
-- column client_active_days_after: days from the hire to the client's last login or payment
-- column observed_days_after: days from the hire to the end of the data: how long the client
--   could have stayed active
create or replace table features.hire_funnel as
with contracts as (
    select
        contracts.*,
        accounts.created_at as client_created_at,
        row_number() over (
            partition by contracts.client_id order by contracts.created_at, contracts.contract_id
        ) as client_contract_number,
        count(*) over (partition by contracts.client_id) as client_contracts
    from staging.contracts as contracts
    inner join staging.accounts as accounts on accounts.account_id = contracts.client_id
),

data_end as (
    select greatest(
        (select max(ts) from staging.logins),
        (select max(ts) from staging.payments),
        (select max(created_at) from staging.contracts)
    ) as ts
),

paid as (
    select
        payments.contract_id,
        arg_min(payments.currency, payments.ts) as currency,
        coalesce(sum(payments.amount) filter (where payments.signed_amount > 0), 0) as gross_paid,
        coalesce(
            sum(payments.amount) filter (
                where payments.signed_amount > 0
                and payments.ts < contracts.created_at + to_days($early_days)
            ),
            0
        ) as paid_early,
        max(payments.amount) filter (where payments.signed_amount > 0) as largest_payment,
        coalesce(sum(payments.amount) filter (where payments.signed_amount < 0), 0) as charged_back,
        count(*) filter (where payments.signed_amount > 0) as n_payments,
        count(distinct date_trunc('week', payments.ts)) filter (where payments.signed_amount > 0)
            as paid_weeks
    from staging.payments as payments
    inner join staging.contracts as contracts on contracts.contract_id = payments.contract_id
    group by payments.contract_id
),

early_rank as (
    select
        contract_id,
        percent_rank() over (partition by currency order by paid_early) as early_paid_rank
    from paid
    where paid_early > 0
),

pair_paid as (
    select
        contracts.client_id,
        contracts.freelancer_id,
        sum(coalesce(paid.gross_paid, 0)) as pair_gross
    from contracts
    left join paid using (contract_id)
    group by contracts.client_id, contracts.freelancer_id
),

client_totals as (
    select client_id, count(*) as n_freelancers, sum(pair_gross) as client_gross
    from pair_paid
    group by client_id
),

last_login as (
    select account_id, max(ts) as ts from staging.logins group by account_id
),

last_payment as (
    select client_id as account_id, max(ts) as ts
    from staging.payments
    where signed_amount > 0
    group by client_id
),

linkable as (
    select account_id, kind, value, n_accounts, kind_weight from graph.linkable_identifiers
),

profile_shared as (
    select
        contracts.contract_id, client_ids.kind, client_ids.value, client_ids.n_accounts,
        client_ids.kind_weight
    from contracts
    inner join linkable as client_ids on client_ids.account_id = contracts.client_id
    inner join linkable as freelancer_ids
        on freelancer_ids.account_id = contracts.freelancer_id
        and freelancer_ids.kind = client_ids.kind
        and freelancer_ids.value = client_ids.value
    where client_ids.kind in ('email', 'phone', 'device')
),

ip_candidates as (
    select
        contracts.contract_id,
        contracts.client_id,
        contracts.freelancer_id,
        contracts.client_created_at,
        contracts.created_at as hired_at,
        client_ids.value as ip,
        client_ids.n_accounts,
        client_ids.kind_weight
    from contracts
    inner join linkable as client_ids
        on client_ids.account_id = contracts.client_id and client_ids.kind = 'ip'
    inner join linkable as freelancer_ids
        on freelancer_ids.account_id = contracts.freelancer_id
        and freelancer_ids.kind = 'ip'
        and freelancer_ids.value = client_ids.value
),

client_near as (
    select distinct ip_candidates.contract_id, ip_candidates.ip
    from ip_candidates
    inner join staging.logins as logins
        on logins.account_id = ip_candidates.client_id
        and household_address(logins.ip, logins.ip_version, logins.ip_network) = ip_candidates.ip
    where least(
        abs(date_diff('second', ip_candidates.client_created_at, logins.ts)),
        abs(date_diff('second', ip_candidates.hired_at, logins.ts))
    ) <= $ip_window_hours * 3600
),

freelancer_near as (
    select distinct ip_candidates.contract_id, ip_candidates.ip
    from ip_candidates
    inner join staging.logins as logins
        on logins.account_id = ip_candidates.freelancer_id
        and household_address(logins.ip, logins.ip_version, logins.ip_network) = ip_candidates.ip
    where least(
        abs(date_diff('second', ip_candidates.client_created_at, logins.ts)),
        abs(date_diff('second', ip_candidates.hired_at, logins.ts))
    ) <= $ip_window_hours * 3600
),

ip_shared as (
    select
        ip_candidates.contract_id,
        'ip' as kind,
        ip_candidates.ip as value,
        ip_candidates.n_accounts,
        ip_candidates.kind_weight
    from ip_candidates
    semi join client_near using (contract_id, ip)
    semi join freelancer_near using (contract_id, ip)
),

instrument_shared as (
    select
        contracts.contract_id,
        ids.kind,
        ids.value,
        any_value(ids.n_accounts) as n_accounts,
        any_value(ids.kind_weight) as kind_weight
    from contracts
    inner join linkable as ids on ids.account_id = contracts.client_id and ids.kind = 'instrument'
    inner join linkable as other_ids
        on other_ids.kind = 'instrument'
        and other_ids.value = ids.value
        and other_ids.account_id <> ids.account_id
    inner join staging.contracts as other
        on other.client_id = other_ids.account_id and other.freelancer_id = contracts.freelancer_id
    group by contracts.contract_id, ids.kind, ids.value
),

shared as (
    select
        contract_id,
        kind,
        value,
        n_accounts,
        shared_with,
        rarity(n_accounts, $rare_up_to) * kind_weight as weight
    from (
        select *, 'freelancer' as shared_with from profile_shared
        union all
        select *, 'freelancer' as shared_with from ip_shared
        union all
        select *, 'other clients' as shared_with from instrument_shared
    )
),

shared_lists as (
    select
        contract_id,
        list(
            {'kind': kind, 'value': value, 'n_accounts': n_accounts, 'weight': round(weight, 3),
             'shared_with': shared_with}
            order by weight desc, n_accounts, kind, value
        ) as shared_values,
        noisy_or(weight, $evidence_cap) as link_strength
    from shared
    group by contract_id
)

select
    contracts.contract_id,
    contracts.client_id,
    contracts.freelancer_id,
    contracts.client_created_at,
    contracts.job_posted_at,
    contracts.created_at as hired_at,
    round(date_diff('second', contracts.client_created_at, contracts.job_posted_at) / 60.0, 1)
        as minutes_to_post,
    round(date_diff('second', contracts.client_created_at, contracts.created_at) / 60.0, 1)
        as minutes_to_hire,
    contracts.hire_type,
    contracts.proposals,
    case
        when contracts.proposals is null then contracts.hire_type <> 'job_post'
        else contracts.proposals <= $max_proposals
    end as no_competition,
    contracts.pricing,
    contracts.client_contract_number,
    contracts.client_contracts,
    contracts.client_contract_number = 1 as is_first_contract,
    client_totals.n_freelancers - 1 as client_other_freelancers,
    client_totals.client_gross - pair_paid.pair_gross as client_paid_elsewhere,
    contracts.client_contract_number = 1
        and date_diff('second', contracts.client_created_at, contracts.created_at)
            <= $fresh_minutes * 60
        and case
            when contracts.proposals is null then contracts.hire_type <> 'job_post'
            else contracts.proposals <= $max_proposals
        end as fresh_immediate,
    coalesce(shared_lists.shared_values, []) as shared_values,
    round(coalesce(shared_lists.link_strength, 0), 4) as link_strength,
    paid.currency,
    coalesce(paid.gross_paid, 0) as gross_paid,
    coalesce(paid.paid_early, 0) as paid_early,
    round(early_rank.early_paid_rank, 4) as early_paid_rank,
    case when paid.gross_paid > 0 then round(paid.paid_early / paid.gross_paid, 4) end as early_share,
    paid.largest_payment,
    case
        when client_totals.client_gross > 0
            then round(coalesce(paid.gross_paid, 0) / client_totals.client_gross, 4)
    end as share_of_client_paid,
    coalesce(paid.charged_back, 0) as charged_back,
    coalesce(paid.n_payments, 0) as n_payments,
    coalesce(paid.paid_weeks, 0) as paid_weeks,
    round(
        greatest(
            0,
            date_diff(
                'second', contracts.created_at, greatest(last_login.ts, last_payment.ts)
            ) / 86400.0
        ),
        2
    ) as client_active_days_after,
    round(date_diff('second', contracts.created_at, data_end.ts) / 86400.0, 2)
        as observed_days_after
from contracts
cross join data_end
inner join pair_paid using (client_id, freelancer_id)
inner join client_totals using (client_id)
left join paid using (contract_id)
left join early_rank using (contract_id)
left join shared_lists using (contract_id)
left join last_login on last_login.account_id = contracts.client_id
left join last_payment on last_payment.account_id = contracts.client_id
order by contracts.contract_id
