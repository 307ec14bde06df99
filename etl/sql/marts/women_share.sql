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
-- as bits of their person_id, far cheaper than count(distinct) at ten million rows.
create or replace macro marts.women_share_counts(participation_rows, people_rows) as table
with programs as (
    select
        row_number() over (order by program_id)::integer as program_no,
        program_id,
        fiscal_year,
        coalesce(region_code, 'unknown') as region
    from core.programs
),

program_themes as (
    select p.program_no, coalesce(t.theme_code, 'none') as theme
    from programs p
    left join core.program_themes t using (program_id)
),

reporting_participation as (
    select r.person_id, r.gender = 'woman' as is_woman, p.program_no, p.fiscal_year, p.region
    from query_table(participation_rows) pa
    join query_table(people_rows) r using (person_id)
    join programs p using (program_id)
    where pa.role in ('participant', 'mentee') and r.gender in ('woman', 'man', 'non_binary')
)

select
    r.fiscal_year,
    coalesce(r.region, 'ALL') as region,
    coalesce(t.theme, 'ALL') as theme,
    bit_count(bitstring_agg(r.person_id)) as reporting_participants,
    coalesce(bit_count(bitstring_agg(r.person_id) filter (where r.is_woman)), 0) as women
from reporting_participation r
join program_themes t using (program_no)
group by grouping sets (
    (r.fiscal_year, r.region, t.theme), (r.fiscal_year, t.theme), (r.fiscal_year, r.region),
    (r.fiscal_year)
);

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
