-- A freelancer's hiring funnel: every contract with minutes from the client's sign-up to the
-- hire, competition, identifiers shared with the client, and early money.
with params as (
    select 'FREELANCER_ID' as freelancer_id
)

select
    funnel.contract_id,
    funnel.client_id,
    funnel.minutes_to_hire,
    funnel.hire_type,
    funnel.proposals,
    funnel.is_first_contract,
    funnel.link_strength,
    funnel.paid_early
from features.hire_funnel as funnel, params
where funnel.freelancer_id = params.freelancer_id
order by funnel.minutes_to_hire nulls last;
