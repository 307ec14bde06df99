-- Small-cell suppression of the participation and grant-reach marts (SPEC §6), for the queries
-- that show people by country and by program (the countries map, a grant's programs, cost per
-- participant). Every other people count is suppressed by the query layer for a whole view
-- (queries/suppression.py); these follow them there in time.
--
-- Every people count of these marts is a *cell*. Cells that add up are tied by a *group*: the
-- regions of a fiscal year and their 'ALL' total, and so on. Primary suppression hides counts
-- from 1 to k - 1, and every people count of a protected country. Secondary suppression: a
-- group with exactly one hidden cell could give it away by subtraction, so its smallest other
-- member is hidden too (non-zero members first, totals last), and again until no group has
-- exactly one hidden cell. marts.participation_cells_suppressed(k) and
-- marts.grant_reach_suppressed(k) return their mart with the hidden counts as NULL and a
-- `<count>_suppressed` flag beside each count. Runs after participation.sql (file-name order).

create or replace table marts.people_cells as
with participation as (
    select 'participation' as subject, u.row_id, u.measure, u.people,
           u.country <> 'ALL' and coalesce(c.is_protected, false) as forced
    from (
        unpivot marts.participation_cells
        on participants, organizers, mentors, mentees, new_editors_dashboard,
           new_editors_event_metrics, returning_participants, retained_participants
        into name measure value people
    ) u
    left join core.countries c on c.country_code = u.country
),

grant_reach as (
    select 'grant_reach' as subject, row_id, 'participants' as measure, participants as people,
           false as forced
    from marts.grant_reach
),

final as (
    select row_number() over (order by subject, row_id, measure) as cell_id, *
    from (
        select * from participation
        union all select * from grant_reach
    )
)

select * from final;

-- Which cells add up to which: one row per cell and group it belongs to. Only groups with a
-- total ('ALL', or the sum a partition adds up to) are kept: they are what subtraction uses.
create or replace table marts.people_cell_groups as
with cells as (
    select * from marts.people_cells
),

participation as (
    select c.cell_id, c.measure, p.*
    from cells c
    join marts.participation_cells p using (row_id)
    where c.subject = 'participation'
),

participation_groups as (
    select 'participation' as subject, cell_id, region = 'ALL' as is_total,
           concat_ws('|', 'region', measure, fiscal_year, theme, program_type, country)
               as group_key
    from participation
    union all
    select 'participation', cell_id, theme = 'ALL',
           concat_ws('|', 'theme', measure, fiscal_year, region, program_type, country)
    from participation
    union all
    select 'participation', cell_id, program_type = 'ALL',
           concat_ws('|', 'program_type', measure, fiscal_year, region, theme, country)
    from participation
    union all
    select 'participation', cell_id, country = 'ALL',
           concat_ws('|', 'country', measure, fiscal_year, region, theme, program_type)
    from participation
),

grant_reach_groups as (
    select 'grant_reach' as subject, c.cell_id, g.region = 'ALL' as is_total,
           concat_ws('|', 'region', c.measure, g.fiscal_year) as group_key
    from cells c
    join marts.grant_reach g using (row_id)
    where c.subject = 'grant_reach'
),

all_groups as (
    select subject, group_key, cell_id, is_total from participation_groups
    union all select subject, group_key, cell_id, is_total from grant_reach_groups
),

final as (
    select *
    from all_groups
    qualify bool_or(is_total) over (partition by subject, group_key)
        and count(*) over (partition by subject, group_key) > 1
)

select * from final;

-- (cell_id, suppressed) for every cell of one subject, for a given k (below 2 or NULL: 5).
create or replace macro marts.people_suppressed(k, chosen_subject) as table
with recursive cells as (
    select cell_id, people, forced
    from marts.people_cells
    where subject = chosen_subject
),

groups as (
    select group_key, cell_id, is_total
    from marts.people_cell_groups
    where subject = chosen_subject
),

-- Each round adds the cells that groups with exactly one hidden cell must also hide; the
-- rounds stop when no group needs another.
flags (cell_id, suppressed) using key (cell_id) as (
    select
        cell_id,
        forced or coalesce(people between 1 and (case when k >= 2 then k else 5 end) - 1, false)
    from cells
    union
    select distinct candidate.cell_id, true
    from (
        select
            g.cell_id,
            f.suppressed,
            count(*) filter (where f.suppressed) over (partition by g.group_key) as hidden,
            row_number() over (
                partition by g.group_key
                order by f.suppressed, g.is_total, c.people = 0, c.people, g.cell_id
            ) as preference
        from groups g
        join recurring.flags f using (cell_id)
        join cells c using (cell_id)
        -- only groups touched by the cells hidden in the last round can change
        where g.group_key in (select g2.group_key from groups g2 join flags using (cell_id))
    ) candidate
    where candidate.hidden = 1 and candidate.preference = 1 and not candidate.suppressed
)

select cell_id, suppressed from flags;

-- (row_id, measure, suppressed) of one subject.
create or replace macro marts.people_row_flags(k, chosen_subject) as table
select c.row_id, c.measure, s.suppressed
from marts.people_cells c
join marts.people_suppressed(k, chosen_subject) s using (cell_id);

-- Participation cells with hidden people counts. Participations and content totals belong to the
-- participants they were made by, so they are hidden with the participant count.
create or replace macro marts.participation_cells_suppressed(k) as table
with flags as (
    select
        row_id,
        coalesce(bool_or(suppressed) filter (where measure = 'participants'), false)
            as participants_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'organizers'), false)
            as organizers_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'mentors'), false)
            as mentors_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'mentees'), false)
            as mentees_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'new_editors_dashboard'), false)
            as new_editors_dashboard_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'new_editors_event_metrics'), false)
            as new_editors_event_metrics_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'returning_participants'), false)
            as returning_participants_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'retained_participants'), false)
            as retained_participants_suppressed
    from marts.people_row_flags(k, 'participation')
    group by row_id
),

final as (
    select
        p.fiscal_year,
        p.region,
        p.theme,
        p.program_type,
        p.country,
        p.programs,
        if(f.participants_suppressed, null, p.participants) as participants,
        f.participants_suppressed,
        if(f.participants_suppressed, null, p.participations) as participations,
        if(f.organizers_suppressed, null, p.organizers) as organizers,
        f.organizers_suppressed,
        if(f.mentors_suppressed, null, p.mentors) as mentors,
        f.mentors_suppressed,
        if(f.mentees_suppressed, null, p.mentees) as mentees,
        f.mentees_suppressed,
        if(f.new_editors_dashboard_suppressed, null, p.new_editors_dashboard)
            as new_editors_dashboard,
        f.new_editors_dashboard_suppressed,
        if(f.new_editors_event_metrics_suppressed, null, p.new_editors_event_metrics)
            as new_editors_event_metrics,
        f.new_editors_event_metrics_suppressed,
        if(f.returning_participants_suppressed, null, p.returning_participants)
            as returning_participants,
        f.returning_participants_suppressed,
        if(f.retained_participants_suppressed, null, p.retained_participants)
            as retained_participants,
        f.retained_participants_suppressed,
        if(f.participants_suppressed, null, p.edits) as edits,
        if(f.participants_suppressed, null, p.bytes_added) as bytes_added,
        if(f.participants_suppressed, null, p.articles_created) as articles_created,
        if(f.participants_suppressed, null, p.articles_edited) as articles_edited,
        if(f.participants_suppressed, null, p.uploads) as uploads
    from marts.participation_cells p
    join flags f using (row_id)
)

select * from final;

create or replace macro marts.grant_reach_suppressed(k) as table
with flags as (
    select row_id, coalesce(bool_or(suppressed), false) as participants_suppressed
    from marts.people_row_flags(k, 'grant_reach')
    group by row_id
),

final as (
    select
        g.fiscal_year,
        g.region,
        g.grants_with_programs,
        g.awarded_usd,
        if(f.participants_suppressed, null, g.participants) as participants,
        f.participants_suppressed
    from marts.grant_reach g
    join flags f using (row_id)
)

select * from final;
