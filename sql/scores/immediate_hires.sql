-- table: scores.immediate_hires
-- grain: one row per immediate-hire case, most suspicious first: either one contract whose client
--   hired within candidate_hours of signing up (case_kind contract), or a freelancer hired by
--   at least hub_min_clients fresh clients (case_kind freelancer_hub), which holds those clients'
--   contracts (and any other candidate contract of the freelancer scoring at least
--   hub_absorb_score) so that they are not also separate cases
-- column case_id: stable case key: 'ih-' || contract_id for a contract, 'ihh-' || freelancer_id
--   for a freelancer hub
-- column case_kind: contract or freelancer_hub
-- column score: immediate-hire score in [0, 1]. Per contract: speed * openness * (weight_first *
--   first_only + weight_link * link + weight_money * money + weight_quiet * quiet) / (sum of the
--   four weights when it exceeds 1), each part in [0, 1]: speed =
--   1 / (1 + (minutes_to_hire / speed_half_minutes)^2); openness = 0.5 ^ (proposals beyond
--   max_proposals / competition_half), 0.5 for a job post with no count; first_only 1 for the
--   client's first and only contract, 0.5 for the first of several, else 0; link the
--   link_strength of the rare identifiers the two share; money the ramp of the early payment's
--   percent rank from big_rank (0) to the largest (1), times the share of the contract's money
--   paid that early (a lump sum, not the first invoice of a long contract); quiet 1 when the client's last activity
--   was within quiet_days of the hire, falling to 0 at 4 * quiet_days (0.5 when the data ends
--   too soon to tell). A hub scores the mean of its contracts' scores with each link part raised
--   to at least the hub's breadth, (1 - exp(-(fresh_clients - 1) / hub_breadth_scale)) *
--   excess_share (0.39 for 2 fresh clients, 0.63 for 3, 0.86 for 5, when none is expected by
--   chance): several fresh clients beyond chance are evidence as a shared device would be
-- column freelancer_id: the freelancer the case is about
-- column account_ids: the freelancer first (the account that benefits and stays), then the
--   client or, for a hub, its clients most suspicious first
-- column contract_ids: the contracts that carry the evidence, most suspicious first
-- column reasons: human-readable reasons with their numbers, the gate (timing and competition)
--   first, then the parts in order of what they add to the score; mitigating facts last
-- column clients: clients in the case (1 for a contract)
-- column minutes_to_hire: minutes from the client's sign-up to the hire (a hub: the median)
-- column proposals: proposals before the hire (a hub: the most any of its contracts had)
-- column shared_kinds: kinds of rare identifiers shared (device, ip, email, phone, instrument)
-- column paid_early: gross paid within early_days of the hire (a hub: summed over its contracts)
-- column speed: the speed part (a hub: the mean over its contracts)
-- column openness: the openness part, 1 when nobody else competed (a hub: the mean)
-- column first_only: the first-contract part (a hub: the mean)
-- column link: the link part (a hub: the mean after raising each to the breadth)
-- column money: the early-payment part (a hub: the mean)
-- column quiet: the client-went-quiet part (a hub: the mean)
-- column breadth: a hub's breadth from its number of fresh clients; 0 for a contract
create or replace table scores.immediate_hires as
with candidates as (
    select
        *,
        1 / (1 + power(greatest(minutes_to_hire, 0) / $speed_half_minutes, 2)) as speed,
        case
            when proposals is null then case when hire_type = 'job_post' then $unknown_proposals_openness else 1.0 end
            else power(0.5, greatest(proposals - $max_proposals, 0) / $competition_half)
        end as openness,
        case
            when is_first_contract and client_contracts = 1 then 1.0
            when is_first_contract then $first_of_several
            else 0.0
        end as first_only,
        link_strength as link,
        case
            when early_paid_rank >= $big_rank
                then (early_paid_rank - $big_rank) / (1 - $big_rank) * early_share
            else 0.0
        end as money,
        case
            when observed_days_after < $quiet_days then $quiet_unknown
            else 1 - least(1, greatest(0, client_active_days_after - $quiet_days) / ($quiet_fade_factor * $quiet_days))
        end as quiet
    from features.hire_funnel
    where minutes_to_hire <= $candidate_hours * 60
),

scored as (
    select
        *,
        speed * openness * (
            $weight_first * first_only + $weight_link * link + $weight_money * money
            + $weight_quiet * quiet
        ) / greatest(1.0, $weight_first + $weight_link + $weight_money + $weight_quiet) as contract_score,
        case
            when minutes_to_hire < 120 then format('{:.0f} min', greatest(minutes_to_hire, 0))
            when minutes_to_hire < 2880 then format('{:.1f} h', minutes_to_hire / 60)
            else format('{:.0f} days', minutes_to_hire / 1440)
        end as delay_text,
        case hire_type
            when 'invite' then 'by invite'
            when 'direct_contract' then 'by direct contract'
            else 'through a job post'
        end
        || case
            when job_posted_at is not null then format(
                ' (posted {} after sign-up)',
                case
                    when minutes_to_post < 120 then format('{:.0f} min', greatest(minutes_to_post, 0))
                    when minutes_to_post < 2880 then format('{:.1f} h', minutes_to_post / 60)
                    else format('{:.0f} days', minutes_to_post / 1440)
                end
            )
            else ''
        end
        || ', '
        || case when proposals is null then 'proposals not recorded' else plural(proposals, 'proposal') end
            as terms_text
    from candidates
),

hubs as (
    select
        freelancer_id,
        fresh_clients,
        fresh_span_days,
        clients,
        expected_fresh,
        (1 - exp(-(fresh_clients - 1) / $hub_breadth_scale)) * excess_share as breadth
    from features.freelancer_fresh_clients
    where fresh_clients >= $hub_min_clients
),

placed as (
    select
        scored.*,
        case
            when hubs.freelancer_id is null then 'ih-' || scored.contract_id
            when scored.fresh_immediate or scored.contract_score >= $hub_absorb_score
                then 'ihh-' || scored.freelancer_id
        end as case_id,
        coalesce(hubs.breadth, 0) as breadth,
        hubs.fresh_clients as hub_fresh_clients,
        hubs.fresh_span_days as hub_span_days,
        hubs.clients as hub_all_clients,
        hubs.expected_fresh as hub_expected_fresh,
        speed * openness * (
            $weight_first * first_only + $weight_link * greatest(link, coalesce(hubs.breadth, 0))
            + $weight_money * money + $weight_quiet * quiet
        ) / greatest(1.0, $weight_first + $weight_link + $weight_money + $weight_quiet) as member_score
    from scored
    left join hubs using (freelancer_id)
),

members as (
    select * from placed where case_id is not null
),

shared_items as (
    select contract_id, case_id, unnest(shared_values) as item from members
),

shared_text as (
    select
        case_id,
        contract_id,
        item.kind,
        item.value,
        item.weight,
        case item.kind
            when 'device' then format('client logged in from the freelancer''s device {}', item.value)
            when 'ip' then format(
                'client and freelancer both used IP {} within {} h of the client''s sign-up or the hire',
                item.value, $ip_window_hours
            )
            when 'email' then format('client and freelancer have the same email {}', item.value)
            when 'phone' then format('client and freelancer have the same phone {}', item.value)
            else format(
                'client pays with instrument {}, also used by other clients of the freelancer',
                item.value
            )
        end
        || format(' (shared by {})', plural(item.n_accounts, 'account')) as text
    from shared_items
),

contract_links as (
    select contract_id, list({'weight': $weight_link * weight, 'text': text}) as items
    from shared_text
    group by contract_id
),

contract_reasons as (
    select
        members.case_id,
        list_transform(
            list_sort(
                list_filter(
                    [
                        {'weight': 2.0, 'text': format(
                            'client created {} before hiring {} {}',
                            delay_text, freelancer_id, terms_text
                        )},
                        {'weight': $weight_first * first_only, 'text': case
                            when first_only = 1 then 'first and only contract of the client'
                            when first_only > 0 then format(
                                'first of the client''s {}', plural(client_contracts, 'contract')
                            )
                        end},
                        {'weight': $weight_money * money, 'text': case when money > 0 then format(
                            '{:,.0f} paid in the first {} (largest payment {:,.0f}), more than on '
                            || '{:.0f}% of other paid contracts; {:.0f}% of all paid on the contract',
                            paid_early, plural($early_days, 'day'), largest_payment,
                            100 * early_paid_rank, 100 * early_share
                        ) end},
                        {'weight': $weight_money * 0.5, 'text': case when charged_back > 0 then format(
                            '{:,.0f} of {:,.0f} paid later refunded or charged back',
                            charged_back, gross_paid
                        ) end},
                        {'weight': $weight_quiet * quiet, 'text': case
                            when quiet >= 0.5 and observed_days_after >= $quiet_days then format(
                                'client went quiet {} after the hire',
                                case
                                    when client_active_days_after < 2
                                        then format('{:.0f} h', 24 * client_active_days_after)
                                    else plural(floor(client_active_days_after)::bigint, 'day')
                                end
                            )
                        end},
                        {'weight': 0.0, 'text': case when quiet < 0.5 then format(
                            'client still active {} after the hire, paid in {}',
                            plural(floor(client_active_days_after)::bigint, 'day'),
                            plural(paid_weeks, 'week')
                        ) end},
                        {'weight': 0.0, 'text': case when openness < 0.5 then format(
                            'competitive hire: {} before the hire', plural(proposals, 'proposal')
                        ) end},
                        {'weight': 0.0, 'text': case when client_other_freelancers > 0 then format(
                            'client also hired {} ({:,.0f} paid to them)',
                            plural(client_other_freelancers, 'other freelancer'),
                            client_paid_elsewhere
                        ) end}
                    ]
                    || coalesce(contract_links.items, []),
                    r -> r.text is not null
                ),
                'DESC'
            ),
            r -> r.text
        ) as reasons
    from members
    left join contract_links using (contract_id)
    where members.case_id like 'ih-%'
),

hub_linked as (
    select case_id, count(distinct contract_id) as linked_contracts
    from shared_text
    where case_id like 'ihh-%'
    group by case_id
),

hub_texts as (
    select case_id, list(text order by weight desc, text)[1:3] as texts
    from (
        select case_id, text, max(weight) as weight
        from shared_text
        where case_id like 'ihh-%'
        group by case_id, text
    )
    group by case_id
),

hub_kinds as (
    select case_id, list(distinct item.kind order by item.kind) as shared_kinds
    from shared_items
    where case_id like 'ihh-%'
    group by case_id
),

hub_stats as (
    select
        case_id,
        any_value(freelancer_id) as freelancer_id,
        any_value(hub_fresh_clients) as fresh_clients,
        any_value(hub_span_days) as span_days,
        any_value(hub_all_clients) as all_clients,
        any_value(hub_expected_fresh) as expected_fresh,
        any_value(breadth) as breadth,
        count(*) as n_contracts,
        count(distinct client_id) as clients,
        avg(member_score) as score,
        median(minutes_to_hire) as minutes_to_hire,
        max(proposals) as proposals,
        sum(paid_early) as paid_early,
        max(largest_payment) as largest_payment,
        sum(charged_back) as charged_back,
        count(*) filter (where first_only = 1) as first_only_contracts,
        count(*) filter (where quiet >= 0.5 and observed_days_after >= $quiet_days)
            as quiet_contracts,
        count(*) filter (where money > 0) as big_early_contracts,
        avg(speed) as speed,
        avg(openness) as openness,
        avg(first_only) as first_only,
        avg(greatest(link, breadth)) as link,
        avg(money) as money,
        avg(quiet) as quiet,
        list(contract_id order by member_score desc, contract_id) as contract_ids,
        array_to_string(
            list(
                format('{} ({}, {})', client_id, delay_text, replace(terms_text, ', ', '; '))
                order by hired_at, contract_id
            )[1:5],
            ', '
        )
        || case when count(*) > 5 then format(', and {} more', count(*) - 5) else '' end
            as member_text,
        coalesce(
            any_value(hub_kinds.shared_kinds), []::varchar[]
        ) as shared_kinds
    from members
    -- one row per contract: a contract sharing two kinds must not count (or list) twice
    left join hub_kinds using (case_id)
    where case_id like 'ihh-%'
    group by case_id
),

hub_clients as (
    select case_id, list(client_id order by best desc, client_id) as client_ids
    from (
        select case_id, client_id, max(member_score) as best
        from members
        where case_id like 'ihh-%'
        group by case_id, client_id
    )
    group by case_id
),

hub_reasons as (
    select
        hub_stats.case_id,
        list_transform(
            list_sort(
                list_filter(
                    [
                        {'weight': 2.0, 'text': format(
                            '{} hired {} within {} min of signing up, without competition, over {}: '
                            || '{} of its {}, {} expected by chance',
                            plural(hub_stats.fresh_clients, 'fresh client'), hub_stats.freelancer_id,
                            $fresh_minutes, plural(round(hub_stats.span_days)::bigint, 'day'),
                            hub_stats.fresh_clients, plural(hub_stats.all_clients, 'client'),
                            case
                                when hub_stats.expected_fresh < 0.1 then 'under 0.1'
                                else format('{:.1f}', hub_stats.expected_fresh)
                            end
                        )},
                        {'weight': 1.5, 'text': 'clients: ' || hub_stats.member_text},
                        {'weight': $weight_link * hub_stats.link, 'text': case
                            when hub_linked.linked_contracts > 0 then format(
                                '{} of {} linked by rare identifiers: {}',
                                hub_linked.linked_contracts, plural(hub_stats.n_contracts, 'contract'),
                                array_to_string(hub_texts.texts, '; ')
                            )
                        end},
                        {'weight': $weight_first * hub_stats.first_only, 'text': format(
                            'first and only contract of {} of {} clients',
                            hub_stats.first_only_contracts, hub_stats.clients
                        )},
                        {'weight': $weight_quiet * hub_stats.quiet, 'text': case
                            when hub_stats.quiet_contracts > 0 then format(
                                '{} of {} clients went quiet within {} of the hire',
                                hub_stats.quiet_contracts, hub_stats.clients,
                                plural($quiet_days, 'day')
                            )
                        end},
                        {'weight': $weight_money * hub_stats.money, 'text': case
                            when hub_stats.big_early_contracts > 0 then format(
                                '{:,.0f} paid in the first {} of the hires (largest payment {:,.0f})',
                                hub_stats.paid_early, plural($early_days, 'day'),
                                hub_stats.largest_payment
                            )
                        end},
                        {'weight': $weight_money * 0.5, 'text': case when hub_stats.charged_back > 0 then
                            format('{:,.0f} refunded or charged back', hub_stats.charged_back)
                        end}
                    ],
                    r -> r.text is not null
                ),
                'DESC'
            ),
            r -> r.text
        ) as reasons
    from hub_stats
    left join hub_linked using (case_id)
    left join hub_texts using (case_id)
),

contract_cases as (
    select
        members.case_id,
        'contract' as case_kind,
        members.contract_score as score,
        members.freelancer_id,
        [members.freelancer_id, members.client_id] as account_ids,
        [members.contract_id] as contract_ids,
        contract_reasons.reasons,
        1 as clients,
        members.minutes_to_hire,
        members.proposals,
        list_distinct(list_transform(members.shared_values, s -> s.kind)) as shared_kinds,
        members.paid_early,
        members.speed,
        members.openness,
        members.first_only,
        members.link,
        members.money,
        members.quiet,
        0.0 as breadth
    from members
    inner join contract_reasons using (case_id)
),

hub_cases as (
    select
        hub_stats.case_id,
        'freelancer_hub' as case_kind,
        hub_stats.score,
        hub_stats.freelancer_id,
        [hub_stats.freelancer_id] || hub_clients.client_ids as account_ids,
        hub_stats.contract_ids,
        hub_reasons.reasons,
        hub_stats.clients,
        hub_stats.minutes_to_hire,
        hub_stats.proposals,
        coalesce(list_sort(hub_stats.shared_kinds), []) as shared_kinds,
        hub_stats.paid_early,
        hub_stats.speed,
        hub_stats.openness,
        hub_stats.first_only,
        hub_stats.link,
        hub_stats.money,
        hub_stats.quiet,
        hub_stats.breadth
    from hub_stats
    inner join hub_clients using (case_id)
    inner join hub_reasons using (case_id)
),

cases as (
    select * from contract_cases
    union all
    select * from hub_cases
)

select
    case_id,
    case_kind,
    round(least(1, greatest(0, score)), 4) as score,
    freelancer_id,
    account_ids,
    contract_ids,
    reasons,
    clients,
    minutes_to_hire,
    proposals,
    list_sort(shared_kinds) as shared_kinds,
    paid_early,
    round(speed, 4) as speed,
    round(openness, 4) as openness,
    round(first_only, 4) as first_only,
    round(link, 4) as link,
    round(money, 4) as money,
    round(quiet, 4) as quiet,
    round(breadth, 4) as breadth
from cases
order by score desc, case_id
