-- What the last run refused, per table and rule: start here when an export looks wrong.
select 'accounts' as input_table, reason, count(*) as rows from quarantine.accounts group by all
union all
select 'logins', reason, count(*) from quarantine.logins group by all
union all
select 'contracts', reason, count(*) from quarantine.contracts group by all
union all
select 'payments', reason, count(*) from quarantine.payments group by all
union all
select 'messages', reason, count(*) from quarantine.messages group by all
union all
select 'labels', reason, count(*) from quarantine.labels group by all
order by rows desc;
