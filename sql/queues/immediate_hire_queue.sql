-- view: queues.immediate_hire_queue
-- grain: the immediate_hire cases of queues.investigation_queue, in queue order (rank is the rank in the
--   whole queue)
create or replace view queues.immediate_hire_queue as
select * from queues.investigation_queue
where pattern = 'immediate_hire'
order by rank
