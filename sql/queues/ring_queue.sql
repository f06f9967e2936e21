-- view: queues.ring_queue
-- grain: the ring cases of queues.investigation_queue, in queue order (rank is the rank in the
--   whole queue)
create or replace view queues.ring_queue as
select * from queues.investigation_queue
where pattern = 'ring'
order by rank
