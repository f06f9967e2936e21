-- A freelancer's hiring funnel: every contract with minutes from the client's sign-up to the
-- hire, competition, identifiers shared with the client, and early money.
-- param freelancer_id: the freelancer's account id
-- example: freelancer_id=a0007894
select
    funnel.contract_id,
    funnel.client_id,
    funnel.minutes_to_hire,
    funnel.hire_type,
    funnel.proposals,
    funnel.is_first_contract,
    funnel.link_strength,
    funnel.paid_early
from features.hire_funnel as funnel
where funnel.freelancer_id = $freelancer_id
order by funnel.minutes_to_hire nulls last;
