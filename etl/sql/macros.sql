-- Parsing helpers for the loaders: the forms in which people write labels, numbers and dates.

-- "Culture & Heritage" → culture_heritage: lower case, other characters as one underscore.
create or replace temp macro label_key(s) as
    trim(regexp_replace(lower(trim(s)), '[^a-z0-9]+', '_', 'g'), '_');

-- A cell's text as loaders keep it: trimmed (of Unicode spaces, as trim does), '' as null. A
-- cell that starts with neither a space nor a non-ASCII character and ends in an ASCII
-- character other than a space (the usual cell) is already trimmed: it skips trim's cost.
create or replace temp macro trimmed(s) as
    case
        when ord(s) = 32 or ord(s) >= 128 or ends_with(s, ' ') or strlen(s) <> length(s)
            then nullif(trim(s), '')
        else nullif(s, '')
    end;

-- Numbers as spreadsheets write them: 1234.5, 1,234.50, 1.234.567,89, 12,5, 01.00, $ 500.
-- A lone '.' is always the decimal point; a lone ',' is a thousands separator before exactly
-- three digits, else the decimal comma. Plain numbers take the fast path: a cast of the cell as
-- read (it skips ASCII spaces around a number). Only a cell it cannot read is trimmed (of
-- Unicode spaces too) and read again. The trimmed and cleaned texts are bound once each, as a
-- lambda's argument: written out in several places, the optimiser would compute them for
-- every row, not only for the cells the cast could not read.
create or replace temp macro parse_number(s) as coalesce(
    try_cast(s as decimal(18, 2)),
    list_transform([trim(s)], lambda t: coalesce(
        try_cast(t as decimal(18, 2)),
        list_transform([regexp_replace(t, '[\s_$€£]', '', 'g')], lambda c: try_cast(
            case
                when regexp_full_match(c, '-?\d{1,3}(,\d{3})+(\.\d+)?') then replace(c, ',', '')
                when regexp_full_match(c, '-?\d{1,3}(\.\d{3})+,\d+')
                     or regexp_full_match(c, '-?\d{1,3}(\.\d{3}){2,}')
                    then replace(replace(c, '.', ''), ',', '.')
                when regexp_full_match(c, '-?\d+,\d+') then replace(c, ',', '.')
                else c
            end as decimal(18, 2)))[1]
    ))[1]
);

-- Dates: ISO (with or without a time and a UTC or offset suffix, as the Programs & Events
-- Dashboard writes them), 1.7.2023, 2023/07/01, 1 July 2023, July 1, 2023, and d/m/y or m/d/y
-- as the caller decides for the column (`slash_format`). ISO dates take the fast path, as
-- numbers do: a cast of the cell as read, then the trimmed cell (bound once) in every form.
create or replace temp macro parse_date(s, slash_format) as coalesce(
    try_cast(s as date),
    list_transform([trim(s)], lambda t: coalesce(
        try_cast(t as date),
        try_strptime(
            regexp_replace(t, '(\.\d+)?\s*(UTC|Z|[+-]\d\d:?\d\d)$', ''),
            [
                '%Y-%m-%d', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M',
                '%Y/%m/%d', '%d.%m.%Y', '%d.%m.%Y %H:%M', '%d.%m.%Y %H:%M:%S', slash_format,
                slash_format || ' %H:%M', slash_format || ' %H:%M:%S', '%d %B %Y', '%d %b %Y',
                '%B %d, %Y', '%b %d, %Y', '%Y%m%d'
            ]
        )::date
    ))[1]
);

-- FY2023-24 runs from 1 July 2023 to 30 June 2024.
create or replace temp macro fiscal_year(d) as
    case when d is null then null
         when month(d) >= 7
             then 'FY' || year(d) || '-' || lpad(((year(d) + 1) % 100)::varchar, 2, '0')
         else 'FY' || (year(d) - 1) || '-' || lpad((year(d) % 100)::varchar, 2, '0')
    end;

-- "FY2023-24", "2023-24", "2023/2024", "FY 2023–24" → FY2023-24.
create or replace temp macro fiscal_year_parts(s) as
    regexp_extract(s, '(\d{4})\s*[-/–]\s*(\d{2,4})', ['first', 'second']);

create or replace temp macro parse_fiscal_year(s) as
    case
        when try_cast(right(fiscal_year_parts(s).second, 2) as int)
             = (try_cast(fiscal_year_parts(s).first as int) + 1) % 100
            then 'FY' || fiscal_year_parts(s).first || '-' || right(fiscal_year_parts(s).second, 2)
    end;

-- A username as Wikimedia normalises it: trimmed, underscores as spaces, first letter upper.
create or replace temp macro squeeze_username(s) as
    trim(regexp_replace(replace(s, '_', ' '), '\s+', ' ', 'g'));

create or replace temp macro normalise_username(s) as
    nullif(upper(left(squeeze_username(s), 1)) || substr(squeeze_username(s), 2), '');
