-- macro: time_out_of_range(column_name, value, earliest, latest) -> the quarantine reason of a
-- timestamp outside the times the run accepts, null when inside: before the earliest date
-- (ingest.earliest_date) or after the as-of time plus its tolerance (`latest`, see
-- quarantine.load_report, which holds both bounds). The earliest date is named in parentheses.
create or replace temp macro time_out_of_range(column_name, value, earliest, latest) as (
    case
        when value < earliest
            then column_name || ' before the earliest date ('
                || strftime(earliest, '%Y-%m-%d') || ')'
        when value > latest then column_name || ' after the as-of time'
    end
);
