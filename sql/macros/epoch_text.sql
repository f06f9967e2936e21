-- macro: epoch_text(value, unit) -> an integer Unix epoch time as UTC text ('2025-01-01
-- 10:00:00+00', which utc_timestamp reads on its fast path), in the unit ingest chose for the
-- column by its median's magnitude: 'seconds', 'milliseconds', 'microseconds' or
-- 'nanoseconds'. A value no timestamp can hold stays its digits, which utc_timestamp cannot
-- read: its row is quarantined as unparseable, with the number as read.
create or replace temp macro epoch_text(value, unit) as (
    coalesce(
        cast(try(
            case unit
                when 'seconds' then to_timestamp(value)::timestamp
                when 'milliseconds' then epoch_ms(value::bigint)
                when 'microseconds' then make_timestamp(value::bigint)
                when 'nanoseconds' then make_timestamp_ns(value::bigint)::timestamp
            end
        ) as varchar) || '+00',
        cast(value as varchar)
    )
);
