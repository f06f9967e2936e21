-- table: features.ring_behaviour
-- grain: one row per ring candidate: what its members did to each other, the numbers behind
--   the ring score
-- column candidate_id: the candidate (graph.ring_candidates)
-- column n_members: accounts in the candidate
-- column n_clients: client accounts in the candidate
-- column n_freelancers: freelancer accounts in the candidate
-- column n_joined_by_contracts: members that share no identifier but work mostly for the group
-- column internal_contracts: contracts whose client and freelancer are both members
-- column linked_payer_contracts: internal contracts whose client is one of the identity-linked
--   members (or any member, for a contract block): money paid by the linked people themselves,
--   not by an outside client who hires two freelancers of one office
-- column internal_pairs: distinct client-freelancer pairs among the internal contracts
-- column internal_paid: net amount paid on internal contracts (refunds and chargebacks subtracted)
-- column member_paid: gross amount paid on every contract that has a member on either side
-- column inside_share: internal gross amount / member_paid: how much of the members' money stays
--   inside the group
-- column reciprocal_hires: client-freelancer pairs hired back the other way: A's client account
--   hires B's freelancer account and B's client account hires A's freelancer account (A's two
--   accounts strongly linked, and B's); at most internal_pairs
-- column no_competition_share: share of internal contracts by invite or direct contract, or with
--   at most one proposal
-- column median_age_days: median age in days of the younger account at each internal hire
-- column small_fixed_share: share of internal contracts that are fixed-price with under 300 paid
-- column outside_clients: distinct clients outside the candidate that hired its freelancers
-- column outside_freelancers: distinct freelancers outside the candidate hired by its clients
-- column shared_values: the identifiers (graph.linkable_identifiers) that link its identity
--   members, strongest first: kind, value, accounts in the candidate using it, n_accounts overall
-- column pair_link: the strongest identity link (graph.account_links) between the client and the
--   freelancer of an internal contract: the people who transact are the people who share
-- column group_link: the strongest identity link between any two members
-- column converging_members: the most identity members that transact with one member joined by
--   contracts (several linked accounts hiring the same outsider)
-- column hire_chance: the chance that the likeliest of the internal hires happened between
--   strangers: a client hiring as many freelancers as this one, drawn by popularity, picks this
--   freelancer with probability 1 - (1 - the freelancer's clients / all client-freelancer pairs)
--   ^ the client's freelancers
-- column paid_weeks_inside: distinct weeks with a payment on an internal contract: money over time
-- column same_hire_case: an immediate-hire case (scores.immediate_hires scoring at least the
--   queue's min_score)
--   whose accounts are exactly the candidate's; null when none
-- column beyond_the_hire: the ring evidence goes beyond that hire: more internal contracts than
--   the hire case holds, reciprocal work, money over at least beyond_paid_weeks weeks, or accounts
--   at least beyond_age_days old at the internal hires; true when there is no such hire case
-- column evidence_contracts: internal contract ids, most paid first
-- column dense_blocks: dense blocks of the contract graph among its members (graph.contract_blocks)
-- column block_pairs: for its most unlikely block: client-freelancer pairs with contracts inside
-- column block_possible_pairs: ... clients x freelancers of that block
-- column block_density_ratio: ... how many times the marketplace's share of contracted pairs
-- column block_expected_pairs: ... pairs its members' numbers of counterparties predict
-- column block_log10_chance: ... log10 of the chance of so many pairs (beyond a spanning tree)
create or replace table features.ring_behaviour as
with members as (
    select candidate_id, account_id, role, how_joined from graph.ring_candidates
),

paid as (
    select
        contract_id,
        sum(signed_amount) as net_paid,
        sum(amount) filter (where kind not in ('refund', 'chargeback')) as gross_paid
    from staging.payments
    group by contract_id
),

contracts as (
    select
        contracts.*,
        coalesce(paid.net_paid, 0) as net_paid,
        coalesce(paid.gross_paid, 0) as gross_paid
    from staging.contracts as contracts
    left join paid using (contract_id)
),

internal as (
    select
        clients.candidate_id,
        contracts.*,
        -- the payer is one of the linked people (or the block has no identity links at all):
        -- an outside client hiring two freelancers who share an office is an agency's customer
        clients.how_joined in ('identity', 'contract_block') as linked_payer,
        least(
            date_diff('day', client_accounts.created_at, contracts.created_at),
            date_diff('day', freelancer_accounts.created_at, contracts.created_at)
        ) as younger_age_days
    from contracts
    inner join members as clients on clients.account_id = contracts.client_id
    inner join members as freelancers
        on freelancers.account_id = contracts.freelancer_id
        and freelancers.candidate_id = clients.candidate_id
    inner join staging.accounts as client_accounts on client_accounts.account_id = contracts.client_id
    inner join staging.accounts as freelancer_accounts
        on freelancer_accounts.account_id = contracts.freelancer_id
),

sides as (
    select contract_id, client_id as account_id, freelancer_id as counterparty, gross_paid
    from contracts
    union all
    select contract_id, freelancer_id, client_id, gross_paid from contracts
),

touching as (
    select distinct members.candidate_id, sides.contract_id, sides.gross_paid
    from sides
    inner join members on members.account_id = sides.account_id
),

strong as (
    select account_a, account_b from graph.account_links where is_strong
    union all
    select account_b, account_a from graph.account_links where is_strong
),

reciprocal as (
    select one.candidate_id, count(distinct (one.client_id, one.freelancer_id)) as reciprocal_hires
    from internal as one
    inner join internal as other
        on one.candidate_id = other.candidate_id
        and one.client_id <> other.client_id
        and one.freelancer_id <> other.freelancer_id
    inner join strong as same_a
        on same_a.account_a = one.client_id and same_a.account_b = other.freelancer_id
    inner join strong as same_b
        on same_b.account_a = other.client_id and same_b.account_b = one.freelancer_id
    group by one.candidate_id
),

outside as (
    select
        members.candidate_id,
        count(distinct sides.counterparty) filter (where members.role = 'freelancer')
            as outside_clients,
        count(distinct sides.counterparty) filter (where members.role = 'client')
            as outside_freelancers
    from sides
    inner join members on members.account_id = sides.account_id
    anti join members as other
        on other.candidate_id = members.candidate_id and other.account_id = sides.counterparty
    group by members.candidate_id
),

shared as (
    select
        members.candidate_id,
        ids.kind,
        ids.value,
        count(*) as accounts_in_candidate,
        any_value(ids.n_accounts) as n_accounts
    from members
    inner join graph.linkable_identifiers as ids on ids.account_id = members.account_id
    where members.how_joined = 'identity'
    group by members.candidate_id, ids.kind, ids.value
    having count(*) > 1
),

shared_lists as (
    select
        candidate_id,
        list(
            {'kind': kind, 'value': value, 'accounts_in_candidate': accounts_in_candidate, 'n_accounts': n_accounts}
            order by accounts_in_candidate desc, n_accounts, kind, value
        ) as shared_values
    from shared
    group by candidate_id
),

internal_stats as (
    select
        candidate_id,
        count(*) as internal_contracts,
        count(*) filter (where linked_payer) as linked_payer_contracts,
        count(distinct (client_id, freelancer_id)) as internal_pairs,
        sum(net_paid) as internal_paid,
        sum(gross_paid) as internal_gross,
        avg(case when hire_type <> 'job_post' or coalesce(proposals, 0) <= $max_proposals then 1.0 else 0.0 end)
            as no_competition_share,
        median(younger_age_days) as median_age_days,
        avg(case when pricing = 'fixed' and gross_paid < $small_job_paid then 1.0 else 0.0 end) as small_fixed_share,
        list(contract_id order by gross_paid desc, contract_id) as evidence_contracts
    from internal
    group by candidate_id
),

member_stats as (
    select
        candidate_id,
        count(*) as n_members,
        count(*) filter (where role = 'client') as n_clients,
        count(*) filter (where role = 'freelancer') as n_freelancers,
        count(*) filter (where how_joined = 'contracts') as n_joined_by_contracts
    from members
    group by candidate_id
),

volume as (
    select candidate_id, sum(gross_paid) as member_paid from touching group by candidate_id
),

internal_pairs as (
    select distinct candidate_id, client_id, freelancer_id from internal
),

pair_links as (
    select internal_pairs.candidate_id, max(links.weight) as pair_link
    from internal_pairs
    inner join graph.account_links as links
        on links.account_a = least(internal_pairs.client_id, internal_pairs.freelancer_id)
        and links.account_b = greatest(internal_pairs.client_id, internal_pairs.freelancer_id)
    group by internal_pairs.candidate_id
),

group_links as (
    select one.candidate_id, max(links.weight) as group_link
    from members as one
    inner join members as other
        on other.candidate_id = one.candidate_id and other.account_id > one.account_id
    inner join graph.account_links as links
        on links.account_a = one.account_id and links.account_b = other.account_id
    group by one.candidate_id
),

converging as (
    -- identity members that transact with the same member joined by contracts: several linked
    -- accounts hiring one outsider (sock-puppet clients) is evidence; one loyal customer is not
    select candidate_id, max(identity_members) as converging_members
    from (
        select
            outsiders.candidate_id,
            outsiders.account_id,
            count(distinct insiders.account_id) as identity_members
        from internal_pairs
        inner join members as outsiders
            on outsiders.candidate_id = internal_pairs.candidate_id
            and outsiders.how_joined = 'contracts'
            and outsiders.account_id in (internal_pairs.client_id, internal_pairs.freelancer_id)
        inner join members as insiders
            on insiders.candidate_id = internal_pairs.candidate_id
            and insiders.how_joined = 'identity'
            and insiders.account_id in (internal_pairs.client_id, internal_pairs.freelancer_id)
        group by outsiders.candidate_id, outsiders.account_id
    )
    group by candidate_id
),

all_pairs as (
    select distinct client_id, freelancer_id from staging.contracts
),

popularity as (
    select freelancer_id, count(*) as clients from all_pairs group by freelancer_id
),

client_breadth as (
    select client_id, count(*) as freelancers from all_pairs group by client_id
),

chance as (
    -- the chance a client with this many freelancers hires this one by chance, were hires drawn
    -- by the freelancers' popularity: 1 - (1 - clients_f / all pairs) ^ freelancers_c
    select
        internal_pairs.candidate_id,
        max(
            1 - power(
                1 - popularity.clients / (select count(*) from all_pairs),
                client_breadth.freelancers
            )
        ) as hire_chance
    from internal_pairs
    inner join popularity using (freelancer_id)
    inner join client_breadth using (client_id)
    group by internal_pairs.candidate_id
),

inside_weeks as (
    select internal.candidate_id, count(distinct date_trunc('week', payments.ts)) as paid_weeks
    from internal
    inner join staging.payments as payments using (contract_id)
    where payments.kind not in ('refund', 'chargeback')
    group by internal.candidate_id
),

member_sets as (
    select candidate_id, list(account_id order by account_id) as accounts
    from members
    group by candidate_id
),

hire_sets as (
    select case_id, list_sort(account_ids) as accounts, len(contract_ids) as hire_contracts
    from scores.immediate_hires
    where score >= $min_score
),

same_hire as (
    select
        member_sets.candidate_id,
        min(hire_sets.case_id) as same_hire_case,
        max(hire_sets.hire_contracts) as hire_contracts
    from member_sets
    inner join hire_sets using (accounts)
    group by member_sets.candidate_id
),

candidate_blocks as (
    select distinct
        members.candidate_id,
        blocks.block_id,
        blocks.pairs,
        blocks.possible_pairs,
        blocks.density_ratio,
        blocks.expected_pairs,
        blocks.log10_chance
    from graph.contract_blocks as blocks
    inner join members using (account_id)
),

block_figures as (
    select
        candidate_id,
        count(*) over (partition by candidate_id) as dense_blocks,
        pairs as block_pairs,
        possible_pairs as block_possible_pairs,
        density_ratio as block_density_ratio,
        expected_pairs as block_expected_pairs,
        log10_chance as block_log10_chance
    from candidate_blocks
    qualify row_number() over (partition by candidate_id order by log10_chance, block_id) = 1
)

select
    member_stats.candidate_id,
    member_stats.n_members,
    member_stats.n_clients,
    member_stats.n_freelancers,
    member_stats.n_joined_by_contracts,
    coalesce(internal_stats.internal_contracts, 0) as internal_contracts,
    coalesce(internal_stats.linked_payer_contracts, 0) as linked_payer_contracts,
    coalesce(internal_stats.internal_pairs, 0) as internal_pairs,
    coalesce(internal_stats.internal_paid, 0) as internal_paid,
    coalesce(volume.member_paid, 0) as member_paid,
    case
        when coalesce(volume.member_paid, 0) > 0
            then round(coalesce(internal_stats.internal_gross, 0) / volume.member_paid, 4)
        else 0
    end as inside_share,
    coalesce(reciprocal.reciprocal_hires, 0) as reciprocal_hires,
    coalesce(internal_stats.no_competition_share, 0) as no_competition_share,
    internal_stats.median_age_days,
    coalesce(internal_stats.small_fixed_share, 0) as small_fixed_share,
    coalesce(outside.outside_clients, 0) as outside_clients,
    coalesce(outside.outside_freelancers, 0) as outside_freelancers,
    coalesce(shared_lists.shared_values, []) as shared_values,
    round(coalesce(pair_links.pair_link, 0), 4) as pair_link,
    round(coalesce(group_links.group_link, 0), 4) as group_link,
    coalesce(converging.converging_members, 0) as converging_members,
    round(coalesce(chance.hire_chance, 0), 6) as hire_chance,
    coalesce(inside_weeks.paid_weeks, 0) as paid_weeks_inside,
    same_hire.same_hire_case,
    same_hire.same_hire_case is null
        or coalesce(internal_stats.internal_contracts, 0) > same_hire.hire_contracts
        or coalesce(reciprocal.reciprocal_hires, 0) > 0
        or coalesce(inside_weeks.paid_weeks, 0) >= $beyond_paid_weeks
        or coalesce(internal_stats.median_age_days, 0) >= $beyond_age_days as beyond_the_hire,
    coalesce(internal_stats.evidence_contracts, []) as evidence_contracts,
    coalesce(block_figures.dense_blocks, 0) as dense_blocks,
    block_figures.block_pairs,
    block_figures.block_possible_pairs,
    block_figures.block_density_ratio,
    block_figures.block_expected_pairs,
    block_figures.block_log10_chance
from member_stats
left join internal_stats using (candidate_id)
left join volume using (candidate_id)
left join reciprocal using (candidate_id)
left join outside using (candidate_id)
left join shared_lists using (candidate_id)
left join pair_links using (candidate_id)
left join group_links using (candidate_id)
left join converging using (candidate_id)
left join chance using (candidate_id)
left join inside_weeks using (candidate_id)
left join same_hire using (candidate_id)
left join block_figures using (candidate_id)
order by member_stats.candidate_id
