-- Rings by money kept inside the group: the biggest internal flows first, with the share of
-- the members' volume that never left the group and the reciprocal hires.
select
    status.case_id,
    status.score,
    behaviour.n_members,
    behaviour.internal_contracts,
    behaviour.internal_paid,
    behaviour.inside_share,
    behaviour.reciprocal_hires,
    behaviour.shared_values[1:3] as strongest_links
from queues.case_status as status
inner join features.ring_behaviour as behaviour on behaviour.candidate_id = status.detector_key
where status.pattern = 'ring'
order by behaviour.internal_paid desc
limit 20;
