-- One row per program, for the drill-down from a grant to the programs it funded: the program's
-- facts and its people, counted once each: participants (participant or mentee role) and
-- organizers (organizer, facilitator or volunteer). The query layer hides these counts
-- (queries/people.py).

-- People per program from `participation_rows` (program_id, person_id, role), counted without
-- count(distinct) over ten million rows: a person × program × role is one row (core keeps the
-- key unique), so only people holding two of the roles counted together in one program need
-- subtracting — mentees who are also participants, and people with more than one organizing
-- role, both few. A person's part in a count depends on their own rows only, so a small
-- participation load corrects the counts by the people it touched with this same macro
-- (delta/programs.sql).
create or replace macro marts.program_people_counts_of(participation_rows) as table
with role_rows as (
    select
        program_id,
        count(*) filter (where role in ('participant', 'mentee')) as participant_rows,
        count(*) filter (where role in ('organizer', 'facilitator', 'volunteer')) as organizer_rows
    from query_table(participation_rows)
    group by program_id
),

mentee_rows as materialized (
    select program_id, person_id from query_table(participation_rows) where role = 'mentee'
),

-- looked for only in the programs that have mentees (mentorships), not in every program
mentees_also_participant as (
    select program_id, count(*) as people
    from mentee_rows
    join (
        select program_id, person_id
        from query_table(participation_rows)
        where role = 'participant' and program_id in (select program_id from mentee_rows)
    ) using (program_id, person_id)
    group by program_id
),

organizing_roles as (
    select program_id, person_id, count(*) - 1 as extra_roles
    from query_table(participation_rows)
    where role in ('organizer', 'facilitator', 'volunteer')
    group by program_id, person_id
    having count(*) > 1
),

repeated_organizers as (
    select program_id, sum(extra_roles) as people
    from organizing_roles
    group by program_id
)

select
    r.program_id,
    r.participant_rows - coalesce(m.people, 0) as participants,
    r.organizer_rows - coalesce(o.people, 0) as organizers
from role_rows r
left join mentees_also_participant m using (program_id)
left join repeated_organizers o using (program_id);

create or replace table marts.program_people as
with programs as (
    select
        program_id,
        title,
        program_type,
        fiscal_year,
        coalesce(region_code, 'unknown') as region,
        coalesce(country_code, 'unknown') as country,
        start_date,
        end_date,
        grant_id
    from core.programs
),

final as (
    select
        p.*,
        coalesce(c.participants, 0) as participants,
        coalesce(c.organizers, 0) as organizers
    from programs p
    left join marts.program_people_counts_of('core.participation') c using (program_id)
)

select * from final;
