-- Parsing helpers for the loaders: the forms in which people write labels, numbers and dates.

-- "Culture & Heritage" → culture_heritage: lower case, other characters as one underscore.
create or replace temp macro label_key(s) as
    trim(regexp_replace(lower(trim(s)), '[^a-z0-9]+', '_', 'g'), '_');

-- Numbers as spreadsheets write them: 1234.5, 1,234.50, 1.234.567,89, 12,5, 01.00, $ 500.
-- A lone '.' is always the decimal point; a lone ',' is a thousands separator before exactly
-- three digits, else the decimal comma.
create or replace temp macro parse_number(s) as (
    with cleaned as (select regexp_replace(trim(s), '[\s_$€£]', '', 'g') as n)
    select try_cast(
        case
            when regexp_full_match(n, '-?\d{1,3}(,\d{3})+(\.\d+)?') then replace(n, ',', '')
            when regexp_full_match(n, '-?\d{1,3}(\.\d{3})+,\d+') or
                 regexp_full_match(n, '-?\d{1,3}(\.\d{3}){2,}')
                then replace(replace(n, '.', ''), ',', '.')
            when regexp_full_match(n, '-?\d+,\d+') then replace(n, ',', '.')
            else n
        end as decimal(18, 2))
    from cleaned
);

-- Dates: ISO (with or without a time and a UTC or offset suffix, as the Programs & Events
-- Dashboard writes them), 1.7.2023, 2023/07/01, 1 July 2023, July 1, 2023, and d/m/y or m/d/y
-- as the caller decides for the column (`slash_format`).
create or replace temp macro parse_date(s, slash_format) as (
    with cleaned as (
        select regexp_replace(trim(s), '(\.\d+)?\s*(UTC|Z|[+-]\d\d:?\d\d)$', '') as d
    )
    select try_strptime(d, [
        '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M',
        '%Y/%m/%d', '%d.%m.%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S', slash_format,
        slash_format || ' %H:%M', slash_format || ' %H:%M:%S', '%d %B %Y', '%d %b %Y',
        '%B %d, %Y', '%b %d, %Y', '%Y%m%d'
    ])::date
    from cleaned
);

-- FY2023-24 runs from 1 July 2023 to 30 June 2024.
create or replace temp macro fiscal_year(d) as
    case when d is null then null
         when month(d) >= 7
             then 'FY' || year(d) || '-' || lpad(((year(d) + 1) % 100)::varchar, 2, '0')
         else 'FY' || (year(d) - 1) || '-' || lpad((year(d) % 100)::varchar, 2, '0')
    end;

-- "FY2023-24", "2023-24", "2023/2024", "FY 2023–24" → FY2023-24.
create or replace temp macro parse_fiscal_year(s) as (
    with m as (select regexp_extract(s, '(\d{4})\s*[-/–]\s*(\d{2,4})', ['first', 'second']) as p)
    select case
        when try_cast(right(p.second, 2) as int) = (try_cast(p.first as int) + 1) % 100
            then 'FY' || p.first || '-' || right(p.second, 2)
    end
    from m
);

-- A username as Wikimedia normalises it: trimmed, underscores as spaces, first letter upper.
create or replace temp macro normalise_username(s) as (
    with t as (select trim(regexp_replace(replace(s, '_', ' '), '\s+', ' ', 'g')) as u)
    select case when u = '' then null else upper(left(u, 1)) || substr(u, 2) end from t
);
