-- One row per program, for the drill-down from a grant to the programs it funded: the program's
-- facts and its people, counted once each: participants (participant or mentee role) and
-- organizers (organizer, facilitator or volunteer). The query layer hides these counts
-- (queries/people.py).
--
-- Counted without count(distinct) over ten million rows: a person × program × role is one row
-- (core keeps the key unique), so only people holding two of the roles counted together in one
-- program need subtracting — mentees who are also participants, and people with more than one
-- organizing role, both few.
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

role_rows as (
    select
        program_id,
        count(*) filter (where role in ('participant', 'mentee')) as participant_rows,
        count(*) filter (where role in ('organizer', 'facilitator', 'volunteer')) as organizer_rows
    from core.participation
    group by program_id
),

mentee_rows as materialized (
    select program_id, person_key from core.participation where role = 'mentee'
),

-- looked for only in the programs that have mentees (mentorships), not in every program
mentees_also_participant as (
    select program_id, count(*) as people
    from mentee_rows
    join (
        select program_id, person_key
        from core.participation
        where role = 'participant' and program_id in (select program_id from mentee_rows)
    ) using (program_id, person_key)
    group by program_id
),

organizing_roles as (
    select program_id, person_key, count(*) - 1 as extra_roles
    from core.participation
    where role in ('organizer', 'facilitator', 'volunteer')
    group by program_id, person_key
    having count(*) > 1
),

repeated_organizers as (
    select program_id, sum(extra_roles) as people
    from organizing_roles
    group by program_id
),

final as (
    select
        p.*,
        coalesce(r.participant_rows, 0) - coalesce(m.people, 0) as participants,
        coalesce(r.organizer_rows, 0) - coalesce(o.people, 0) as organizers
    from programs p
    left join role_rows r using (program_id)
    left join mentees_also_participant m using (program_id)
    left join repeated_organizers o using (program_id)
)

select * from final;

-- One row per program with what it produced, for the program-level view (which programs
-- brought new editors?), with the definitions of participation.sql (SPEC §5): people counted
-- once each per program — participants (participant or mentee), new editors by both
-- definitions, returning participants (first program, any role, started earlier) and retained
-- participants (this program's fiscal year is that of their first program, and they took part
-- in another program starting 30–365 days after the first one ended) — the content of the
-- participant and mentee rows (a mentee who is also a participant once), and the awarded USD of
-- the program's funded grant with the distinct participants of all that grant's programs, for
-- cost per participant. The query layer hides its people counts (queries/people.py).
create or replace table marts.program_outcomes as
with programs as (
    select
        program_id,
        fiscal_year,
        coalesce(region_code, 'unknown') as region,
        coalesce(country_code, 'unknown') as country,
        program_type,
        start_date,
        end_date,
        grant_id
    from core.programs
),

rows as materialized (
    select
        pa.program_id,
        pa.person_key,
        pa.role,
        pa.edits,
        pa.bytes_added,
        pa.articles_created,
        pa.articles_edited,
        pa.uploads,
        pe.registered_at,
        pr.start_date,
        pr.end_date,
        pr.fiscal_year
    from core.participation pa
    join programs pr using (program_id)
    join core.people pe using (person_key)
),

-- first program in any role: earliest start, ties to the lower program id
firsts as (
    select
        person_key,
        min(start_date) as first_start,
        arg_min(end_date, (start_date, program_id)) as first_end,
        arg_min(fiscal_year, (start_date, program_id)) as first_fiscal_year
    from rows
    group by person_key
),

came_back as (
    select r.person_key, bool_or(r.start_date between f.first_end + 30 and f.first_end + 365)
        as came_back
    from rows r
    join firsts f using (person_key)
    group by r.person_key
),

per_person as (
    select
        r.program_id,
        r.person_key,
        bool_or(r.role in ('participant', 'mentee')) as is_participant,
        bool_or(r.role in ('participant', 'mentee')
            and coalesce(r.registered_at between r.start_date and r.end_date, false))
            as is_new_editor_dashboard,
        bool_or(r.role in ('participant', 'mentee')
            and coalesce(r.registered_at between r.start_date - 14 and r.end_date, false))
            as is_new_editor_event_metrics,
        bool_or(r.role in ('participant', 'mentee') and f.first_start < r.start_date)
            as is_returning,
        bool_or(r.role in ('participant', 'mentee') and c.came_back
            and f.first_fiscal_year = r.fiscal_year) as is_retained,
        -- one person's content once per program: the participant row, else the mentee row
        arg_max(r.edits, r.role = 'participant')
            filter (where r.role in ('participant', 'mentee')) as edits,
        arg_max(r.bytes_added, r.role = 'participant')
            filter (where r.role in ('participant', 'mentee')) as bytes_added,
        arg_max(r.articles_created, r.role = 'participant')
            filter (where r.role in ('participant', 'mentee')) as articles_created,
        arg_max(r.articles_edited, r.role = 'participant')
            filter (where r.role in ('participant', 'mentee')) as articles_edited,
        arg_max(r.uploads, r.role = 'participant')
            filter (where r.role in ('participant', 'mentee')) as uploads
    from rows r
    join firsts f using (person_key)
    join came_back c using (person_key)
    group by r.program_id, r.person_key
),

outcomes as (
    select
        program_id,
        count(*) filter (where is_participant) as participants,
        count(*) filter (where is_new_editor_dashboard) as new_editors_dashboard,
        count(*) filter (where is_new_editor_event_metrics) as new_editors_event_metrics,
        count(*) filter (where is_returning) as returning_participants,
        count(*) filter (where is_retained) as retained_participants,
        coalesce(sum(edits), 0)::bigint as edits,
        coalesce(sum(bytes_added), 0)::bigint as bytes_added,
        coalesce(sum(articles_created), 0)::bigint as articles_created,
        coalesce(sum(articles_edited), 0)::bigint as articles_edited,
        coalesce(sum(uploads), 0)::bigint as uploads
    from per_person
    group by program_id
),

funded_grants as (
    select grant_id, amount_awarded_usd::double as grant_awarded_usd
    from core.grants
    where status = 'funded'
),

grant_people as (
    select pr.grant_id, count(distinct p.person_key) as grant_participants
    from per_person p
    join programs pr using (program_id)
    where p.is_participant and pr.grant_id is not null
    group by pr.grant_id
),

themes as (
    select program_id, list(theme_code order by theme_code) as themes
    from core.program_themes
    group by program_id
),

final as (
    select
        p.program_id,
        p.fiscal_year,
        p.region,
        p.country,
        p.program_type,
        coalesce(t.themes, []::varchar[]) as themes,
        p.start_date,
        p.end_date,
        p.grant_id,
        coalesce(o.participants, 0) as participants,
        coalesce(o.new_editors_dashboard, 0) as new_editors_dashboard,
        coalesce(o.new_editors_event_metrics, 0) as new_editors_event_metrics,
        coalesce(o.returning_participants, 0) as returning_participants,
        coalesce(o.retained_participants, 0) as retained_participants,
        coalesce(o.edits, 0) as edits,
        coalesce(o.bytes_added, 0) as bytes_added,
        coalesce(o.articles_created, 0) as articles_created,
        coalesce(o.articles_edited, 0) as articles_edited,
        coalesce(o.uploads, 0) as uploads,
        g.grant_awarded_usd,
        gp.grant_participants
    from programs p
    left join outcomes o using (program_id)
    left join themes t using (program_id)
    left join funded_grants g on g.grant_id = p.grant_id
    left join grant_people gp on gp.grant_id = p.grant_id
)

select * from final;
