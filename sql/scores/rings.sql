-- table: scores.rings
-- grain: one row per ring candidate, most suspicious first: the ring score and the reasons an
--   investigator can check, each with its numbers
-- column candidate_id: the candidate (graph.ring_candidates, features.ring_behaviour)
-- column score: ring score in [0, 1]: 0 when the linked members never pay each other, however
--   much they share (an outside client hiring two freelancers of one office counts for nothing),
--   and 0 when the members are exactly an immediate-hire case and the ring evidence does not go
--   beyond that hire (the link is evidence on that case). Otherwise identity x (1 - hire_chance)
--   x hiring x behaviour: identity is the link between the accounts that transact (pair_link, or
--   indirect_link_factor x group_link when at least min_converging_members linked accounts
--   transact with the same outsider, loyal_outsider_factor x group_link when one linked account
--   hires an outsider who works mostly for it), or no_identifier_factor for a block with no shared
--   identifier; hire_chance how likely the internal hiring is between strangers; hiring rises
--   from one_contract_hiring with contracts paid by linked members; behaviour weighs a base,
--   money kept inside, hires without competition, reciprocal hires, young accounts and small
--   fixed-price jobs (weights summing to more than 1 are scaled down to 1). Every number is a ring
--   parameter (ringwatch params)
-- column account_ids: members, identity members first, most central first
-- column contract_ids: the internal contracts that carry the evidence, most paid first
-- column reasons: human-readable reasons, most important first
-- column internal_contracts: contracts between members (see features.ring_behaviour)
-- column inside_share: share of the members' money that stays inside the group
create or replace table scores.rings as
with features as (
    select
        *,
        case
            when linked_payer_contracts = 0 then 0.0
            else 1 - (1 - $one_contract_hiring) * exp(-(linked_payer_contracts - 1) / $hiring_scale)
        end as hiring,
        least(reciprocal_hires, $reciprocal_full) / $reciprocal_full as reciprocity,
        case when median_age_days is null then 0 else exp(-median_age_days / $youth_days) end as youth,
        case
            when len(shared_values) = 0 then $no_identifier_factor
            else greatest(
                pair_link,
                case
                    when converging_members >= $min_converging_members
                        then $indirect_link_factor * group_link
                    else $loyal_outsider_factor * group_link
                end
            )
        end as identity
    from features.ring_behaviour
),

scored as (
    select
        *,
        case when beyond_the_hire then 1.0 else 0.0 end * identity * (1 - hire_chance) * hiring * (
            $weight_base
            + $weight_inside_share * inside_share
            + $weight_no_competition * no_competition_share
            + $weight_reciprocity * reciprocity
            + $weight_youth * youth
            + $weight_small_fixed * small_fixed_share
        ) / greatest(
            1.0,
            $weight_base + $weight_inside_share + $weight_no_competition + $weight_reciprocity
                + $weight_youth + $weight_small_fixed
        ) as score
    from features
),

members as (
    select
        candidate_id,
        list(account_id order by how_joined desc, link_strength desc, account_id) as account_ids
    from graph.ring_candidates
    group by candidate_id
),

shared_text as (
    select
        candidate_id,
        string_agg(
            item.accounts_in_candidate || ' members share ' || item.kind || ' ' || item.value
                || case
                    when item.n_accounts = item.accounts_in_candidate then ' (nobody else uses it)'
                    else ' (' || plural(item.n_accounts, 'account') || ' use it in all)'
                end,
            '; '
        ) as links
    from (
        select candidate_id, unnest(shared_values[1:3]) as item from features.ring_behaviour
    )
    group by candidate_id
),

reasons as (
    select
        scored.candidate_id,
        list_transform(
            list_sort(
                list_filter(
                    [
                        {'weight': 0.9, 'text': case when internal_contracts > 0 then
                            format('{} between members ({}), {:.0f}% by invite or without competition',
                                plural(internal_contracts, 'contract'),
                                plural(internal_pairs, 'client-freelancer pair'),
                                100 * no_competition_share) end},
                        {'weight': 0.8, 'text': case when internal_contracts > 0 then
                            format('{:,.0f} paid inside the group, {:.0f}% of the members'' volume',
                                internal_paid, 100 * inside_share) end},
                        {'weight': 0.85, 'text': case when shared_text.links is not null then
                            shared_text.links end},
                        {'weight': 0.7, 'text': case when reciprocal_hires > 0 then
                            format('{} of {} hired back the other way by linked accounts',
                                reciprocal_hires, plural(internal_pairs, 'client-freelancer pair'))
                            end},
                        {'weight': 0.6, 'text': case when n_joined_by_contracts > 0 then
                            format('{} no identifier but work mostly for the group',
                                case when n_joined_by_contracts = 1 then '1 member shares'
                                else n_joined_by_contracts || ' members share' end) end},
                        {'weight': 0.5, 'text': case when median_age_days is not null and median_age_days < 90 then
                            format('median account age at an internal hire: {}',
                                plural(median_age_days::bigint, 'day')) end},
                        {'weight': 0.4, 'text': case when small_fixed_share >= 0.5 and internal_contracts >= 3 then
                            format('{:.0f}% of internal contracts are small fixed-price jobs (feedback building)',
                                100 * small_fixed_share) end},
                        {'weight': 0.87, 'text': case when block_pairs is not null then
                            format('dense block: {} of {} client-freelancer pairs have contracts, {:,.0f}x the marketplace''s share; the members'' own numbers of counterparties predict {:.2g}, a chance of about 1 in 10^{:.0f}',
                                block_pairs, block_possible_pairs, block_density_ratio,
                                block_expected_pairs, -block_log10_chance) end},
                        {'weight': 0.55, 'text': case when len(shared_values) = 0 then
                            'found by contract density alone: the members share no rare identifier' end},
                        {'weight': 0.95, 'text': case when not beyond_the_hire then format(
                            'the same accounts are immediate-hire case {} and nothing goes beyond that hire: the link is evidence there',
                            same_hire_case) end},
                        {'weight': 0.65, 'text': case when same_hire_case is not null and beyond_the_hire then format(
                            'the same accounts are also immediate-hire case {}; the ring goes beyond it ({} internal contracts, money in {})',
                            same_hire_case, internal_contracts, plural(paid_weeks_inside, 'week')) end},
                        {'weight': 0.45, 'text': case when internal_contracts > 0 and len(shared_values) > 0 then format(
                            'chance that strangers this active would hire each other like this: {}',
                            case when hire_chance < 0.0001 then 'under 0.01%'
                                else format('{:.2f}%', 100 * hire_chance) end) end},
                        {'weight': 0.3, 'text': case when internal_contracts = 0 then
                            'members share identifiers but never hire each other' end},
                        {'weight': 0.3, 'text': case when internal_contracts > 0 and linked_payer_contracts = 0 then
                            'only outside clients hire the linked members: customers, not a ring' end},
                        {'weight': 0.2, 'text': case when outside_clients >= 10 then
                            format('its freelancers also serve {}',
                                plural(outside_clients, 'outside client')) end}
                    ],
                    r -> r.text is not null
                ),
                'DESC'
            ),
            r -> r.text
        ) as reasons
    from scored
    left join shared_text using (candidate_id)
)

select
    scored.candidate_id,
    round(scored.score, 4) as score,
    members.account_ids,
    scored.evidence_contracts as contract_ids,
    reasons.reasons,
    scored.internal_contracts,
    scored.inside_share
from scored
inner join members using (candidate_id)
inner join reasons using (candidate_id)
order by score desc, candidate_id
