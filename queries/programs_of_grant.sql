-- The programs one grant ($grant_id) is linked to, for the Regions drill-down: title, type,
-- dates, country, and their participants (participant or mentee) and organizers (organizer,
-- facilitator or volunteer), each person once per program, suppressed (SPEC §6; see
-- etl/sql/marts/suppression_programs.sql for when a program's count is hidden).
with programs as (
    select *
    from marts.program_people_suppressed($k)
    where grant_id = $grant_id
),

final as (
    select
        program_id,
        title,
        program_type,
        start_date,
        end_date,
        fiscal_year,
        country,
        participants,
        participants_suppressed,
        organizers,
        organizers_suppressed
    from programs
)

select * from final
order by start_date, program_id;
