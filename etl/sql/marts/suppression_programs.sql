-- Hidden people counts of single programs (SPEC §6), for the drill-down from a grant to its
-- programs. Runs after suppression.sql (file-name order), whose macros it calls.
--
-- A program's participants or organizers are hidden when they number 1 to k - 1, when the
-- program is in a protected country, and whenever the same count of the program's country and
-- fiscal year is hidden: a country-year with a single program has that program's count, so
-- showing the program would give the hidden cell away.
create or replace macro marts.program_people_suppressed(k) as table
with country_cells as (
    select fiscal_year, region, country, participants_suppressed, organizers_suppressed
    from marts.participation_cells_suppressed(k)
    where country <> 'ALL' and theme = 'ALL' and program_type = 'ALL'
),

protected as (
    select country_code as country from core.countries where is_protected
),

flagged as (
    select
        p.*,
        p.country in (select country from protected)
            or coalesce(c.participants_suppressed, false)
            or p.participants between 1 and (case when k >= 2 then k else 5 end) - 1
            as participants_hidden,
        p.country in (select country from protected)
            or coalesce(c.organizers_suppressed, false)
            or p.organizers between 1 and (case when k >= 2 then k else 5 end) - 1
            as organizers_hidden
    from marts.program_people p
    left join country_cells c using (fiscal_year, region, country)
),

final as (
    select
        program_id,
        title,
        program_type,
        fiscal_year,
        region,
        country,
        start_date,
        end_date,
        grant_id,
        if(participants_hidden, null, participants) as participants,
        participants_hidden as participants_suppressed,
        if(organizers_hidden, null, organizers) as organizers,
        organizers_hidden as organizers_suppressed
    from flagged
)

select * from final;
