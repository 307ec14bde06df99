-- One row per program, for the drill-down from a grant to the programs it funded: the program's
-- facts and its people, counted once each: participants (participant or mentee role) and
-- organizers (organizer, facilitator or volunteer). The query layer hides these counts
-- (queries/people.py).

-- People per program from `participation_rows` (program_id, person_id, role), counted without
-- count(distinct) over ten million rows: a person × program × role is one row (core keeps the
-- key unique), so only people holding two of the roles counted together in one program need
-- subtracting — mentees who are also participants, and people with more than one organizing
-- role, both few. A person's part in a count depends on their own rows only, so a small
-- participation load corrects the counts by the people it touched with this macro
-- (delta/programs.sql). A full build takes the participants from marts.program_outcomes
-- instead (participation.sql, run first, counts the same people there) and groups only the
-- organizing rows (below): grouping all ten million rows by program cost ~2 CPU s.
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

-- organizers (organizer, facilitator or volunteer), a few per cent of the rows, each once; as
-- the type program_people_counts_of gives them (rows less repeats), which a correction keeps
organizers as (
    select program_id, count(distinct person_id)::hugeint as organizers
    from core.participation
    where role in ('organizer', 'facilitator', 'volunteer')
    group by program_id
),

final as (
    select
        p.*,
        coalesce(o.participants, 0) as participants,
        coalesce(c.organizers, 0) as organizers
    from programs p
    left join marts.program_outcomes o using (program_id)
    left join organizers c using (program_id)
)

select * from final;

-- Where a program is alone (SPEC §6), for the query layer's ties: `cell_links` lists the
-- participation cells (as participation.sql groups them: fiscal year with region or 'ALL', and
-- with one theme, program type or country) in which it is the only program counting anyone, as
-- 'fiscal_year|region|theme|program_type|country' joined by ';' — such a cell counts the
-- program's own people; `grant_link` names the grant whose only program it is. Kept as the
-- table marts.program_links, built here and again after a small load corrects program_people
-- (delta/programs.sql), rather than worked out by every query of the program-level view.
create or replace macro marts.alone_programs() as table
with programs as (
    select
        program_id,
        fiscal_year,
        region,
        country,
        program_type,
        grant_id,
        participants + organizers > 0 as counts_anyone
    from marts.program_people
),

-- a program's theme cells as participation.sql files it under them ('none' without a theme)
themes as (
    select t.program_id, t.theme
    from marts.program_theme_numbers() t
    join programs p using (program_id)
    where p.counts_anyone
),

regions as (
    select program_id, fiscal_year, unnest([region, 'ALL']) as region, program_type
    from programs
    where counts_anyone
),

cells as (
    select program_id, concat_ws('|', fiscal_year, region, 'ALL', 'ALL', 'ALL') as cell
    from regions
    union all
    select program_id, concat_ws('|', fiscal_year, region, 'ALL', program_type, 'ALL')
    from regions
    union all
    select r.program_id, concat_ws('|', r.fiscal_year, r.region, t.theme, 'ALL', 'ALL')
    from regions r
    join themes t using (program_id)
    union all
    select program_id, concat_ws('|', fiscal_year, region, 'ALL', 'ALL', country)
    from programs
    where counts_anyone
),

alone as (
    select any_value(program_id) as program_id, cell
    from cells
    group by cell
    having count(*) = 1
),

links as (
    select program_id, string_agg(cell, ';' order by cell) as cell_links
    from alone
    group by program_id
),

final as (
    select
        p.program_id,
        l.cell_links,
        if(count(*) over (partition by p.grant_id) = 1, p.grant_id, null) as grant_link
    from programs p
    left join links l using (program_id)
)

select * from final;

create or replace table marts.program_links as from marts.alone_programs();
