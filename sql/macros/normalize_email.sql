-- macro: normalize_email(raw) -> the mailbox an address delivers to, or null if it is none.
-- Lower case, white space and zero-width characters removed, "+tags" dropped (most providers
-- deliver user+tag@ to user@), and for Gmail, where googlemail.com is gmail.com, the dots of the
-- local part removed because Gmail ignores them: J.O.H.N+x@GoogleMail.com -> john@gmail.com.
create or replace temp macro normalize_email(raw) as (
    with cleaned as (
        select regexp_extract(
            lower(regexp_replace(raw, '[\s\x{200B}-\x{200D}\x{2060}\x{FEFF}]+', '', 'g')),
            '^([^@]+)@((?:[a-z0-9-]+\.)+[a-z]{2,})\.?$',
            ['local_part', 'domain']
        ) as parts
    ),
    mailbox as (
        select
            nullif(split_part(parts.local_part, '+', 1), '') as local_part,
            case when parts.domain = 'googlemail.com' then 'gmail.com' else nullif(parts.domain, '') end as domain
        from cleaned
    )
    select
        case
            when domain = 'gmail.com' then nullif(replace(local_part, '.', ''), '') || '@' || domain
            else local_part || '@' || domain
        end
    from mailbox
);
