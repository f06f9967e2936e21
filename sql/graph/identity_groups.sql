-- table: graph.identity_groups
-- grain: one row per account in an identity group: accounts joined by strong identity links
--   (rare shared cards, mailboxes, phones, devices, or IPs used on the same days)
-- column group_id: stable id of the group: 'idg-' and the group's smallest account id
-- column account_id: the member account
-- column group_size: accounts in the group
-- column link_strength: sum of the weights of the member's strong links inside the group; the
--   most central members come first
create or replace table graph.identity_groups as
with labelled as (
    select vertices.account_id, group_labels.label
    from group_labels
    inner join graph.account_vertices as vertices using (vertex_id)
),

grouped as (
    select
        account_id,
        label,
        'idg-' || min(account_id) over (partition by label) as group_id,
        count(*) over (partition by label) as group_size
    from labelled
),

strength as (
    select member, sum(weight) as link_strength
    from (
        select links.account_a as member, links.weight
        from graph.account_links as links
        inner join grouped as a on a.account_id = links.account_a
        inner join grouped as b on b.account_id = links.account_b
        where links.is_strong and a.label = b.label
        union all
        select links.account_b, links.weight
        from graph.account_links as links
        inner join grouped as a on a.account_id = links.account_a
        inner join grouped as b on b.account_id = links.account_b
        where links.is_strong and a.label = b.label
    )
    group by member
)

select
    grouped.group_id,
    grouped.account_id,
    grouped.group_size,
    round(coalesce(strength.link_strength, 0), 4) as link_strength
from grouped
left join strength on strength.member = grouped.account_id
where grouped.group_size >= 2
order by grouped.group_id, link_strength desc, grouped.account_id
