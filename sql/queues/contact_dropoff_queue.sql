-- view: queues.contact_dropoff_queue
-- grain: the contact_dropoff cases of queues.investigation_queue, in queue order (rank is the rank in the
--   whole queue)
create or replace view queues.contact_dropoff_queue as
select * from queues.investigation_queue
where pattern = 'contact_dropoff'
order by rank
