-- macro: plural(n, noun) -> '1 client', '3 clients': reasons read as sentences.
create or replace temp macro plural(n, noun) as (
    format('{:,}', n) || ' ' || noun || case when n = 1 then '' else 's' end
);
