-- Women's share among participants who self-reported a gender (the Gender Gap focus of the
-- Themes page), per fiscal year of program start × region × theme, each also 'ALL'.
-- Participants are people with a participant or mentee role (SPEC §5); a gender is
-- self-reported when it is woman, man or non_binary (prefer_not_to_say and blank are not).
-- The table holds people counts: pages read it only through marts.women_share_suppressed(k),
-- which returns the share alone, never a count.

-- Reporting participants and women per cell, from `participation_rows` (program_id, person_id,
-- role) and `people_rows` (person_id, gender): whether a person counts in a cell depends on
-- their own rows and gender only, so a small participation load corrects the cells by the
-- people it touched with this same macro (delta/women_share.sql). Distinct people are counted
-- as bits of their person_id, far cheaper than count(distinct) at ten million rows. The bits
-- are collected per fiscal year × region × theme, each numbered here (a small load's correction
-- calls this twice, so it numbers the few values, not every program); the cells of all regions
-- or all themes are the bitwise OR of those, grouped by the numbers, so that each row is read
-- once and the bitstrings are never joined to names (which copies them).
create or replace macro marts.women_share_counts(participation_rows, people_rows) as table
with program_themes as materialized (
    select
        p.program_id,
        p.fiscal_year,
        coalesce(p.region_code, 'unknown') as region,
        coalesce(t.theme_code, 'none') as theme
    from core.programs p
    left join core.program_themes t using (program_id)
),

fiscal_years as (
    select fiscal_year, row_number() over ()::integer as year_no
    from (select distinct fiscal_year from program_themes)
),

regions as (
    select region, row_number() over ()::integer as region_no
    from (select distinct region from program_themes)
),

themes as (
    select theme, row_number() over ()::integer as theme_no
    from (select distinct theme from program_themes)
),

program_cells as materialized (
    select p.program_id, y.year_no, r.region_no, t.theme_no
    from program_themes p
    join fiscal_years y on y.fiscal_year is not distinct from p.fiscal_year
    join regions r using (region)
    join themes t using (theme)
),

cells as materialized (
    select
        c.year_no,
        c.region_no,
        c.theme_no,
        bitstring_agg(r.person_id) as reporting_participants,
        bitstring_agg(r.person_id) filter (where r.gender = 'woman') as women
    from query_table(participation_rows) pa
    join query_table(people_rows) r using (person_id)
    join program_cells c using (program_id)
    where pa.role in ('participant', 'mentee') and r.gender in ('woman', 'man', 'non_binary')
    group by c.year_no, c.region_no, c.theme_no
),

counted as (
    select
        year_no,
        region_no,
        theme_no,
        bit_count(reporting_participants) as reporting_participants,
        coalesce(bit_count(women), 0) as women
    from cells
    union all
    -- The rollups (all regions, all themes, both): null stands for all.
    select
        year_no, region_no, theme_no, bit_count(bit_or(reporting_participants)),
        coalesce(bit_count(bit_or(women)), 0)
    from cells
    group by grouping sets ((year_no, theme_no), (year_no, region_no), (year_no))
)

select
    y.fiscal_year,
    coalesce(r.region, 'ALL') as region,
    coalesce(t.theme, 'ALL') as theme,
    c.reporting_participants,
    c.women
from counted c
join fiscal_years y using (year_no)
left join regions r using (region_no)
left join themes t using (theme_no);

create or replace table marts.women_share_cells as
from marts.women_share_counts('core.participation', 'core.people');

-- The share of women per cell, rounded to whole percent, and only where at least k women and
-- at least k people of other genders reported: a share of 0% or 100% would tell every
-- reporter's gender, and the rounding keeps a share from revealing its exact fraction (and so
-- its counts, which siblings could then be subtracted from). k below 2 or NULL falls back to 5.
create or replace macro marts.women_share_suppressed(k) as table
with cells as (
    select
        *,
        women >= (case when k >= 2 then k else 5 end)
            and reporting_participants - women >= (case when k >= 2 then k else 5 end) as shown
    from marts.women_share_cells
),

final as (
    select
        fiscal_year,
        region,
        theme,
        if(shown, round(women / reporting_participants, 2), null) as women_share,
        not shown as women_share_suppressed
    from cells
)

select * from final;
