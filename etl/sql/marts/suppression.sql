-- Small-cell suppression of every people count (SPEC §6), for the query layer to call with k.
-- Runs after participation.sql and pathway.sql (file-name order), whose tables it reads.
--
-- Every people count of the people marts is a *cell*. Cells that add up are tied by a *group*:
-- the regions of a fiscal year and their 'ALL' total, the stages of a cohort and its total,
-- and so on. Primary suppression hides counts from 1 to k - 1, and every people count of a
-- protected country. Secondary suppression: a group with exactly one hidden cell could give it
-- away by subtraction, so its smallest other member is hidden too (non-zero members first,
-- totals last), and again until no group has exactly one hidden cell.
--
-- Pages and the publisher never read the people marts directly: they call
-- marts.participation_cells_suppressed(k), marts.grant_reach_suppressed(k),
-- marts.organizer_retention_suppressed(k), marts.leader_attrition_suppressed(k),
-- marts.pathway_stage_counts_suppressed(k), marts.pathway_transition_counts_suppressed(k) and
-- marts.pathway_flows_suppressed(k). Each returns its mart with the hidden counts as NULL and a
-- `<count>_suppressed` flag beside each count.

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

pathway_stages as (
    select 'pathway_stages' as subject, row_id, measure, people, false as forced
    from (
        unpivot marts.pathway_stage_counts
        on people_reached, people_current
        into name measure value people
    )
),

pathway_transitions as (
    select 'pathway_transitions' as subject, row_id, measure, people, false as forced
    from (
        unpivot marts.pathway_transition_counts
        on people, converted_12m, converted_24m, not_converted
        into name measure value people
    )
    union all
    select 'pathway_transitions', row_id, 'flow', people, false
    from marts.pathway_flows
),

organizer_retention as (
    select 'organizer_retention' as subject, row_id, measure, people, false as forced
    from (
        -- retained organizers are unknown for the last year: nothing to hide there
        unpivot (
            select * replace (coalesce(retained_organizers, 0) as retained_organizers)
            from marts.organizer_retention
        )
        on organizers, retained_organizers
        into name measure value people
    )
),

leader_attrition as (
    select 'leader_attrition' as subject, row_id, measure, people, false as forced
    from (
        unpivot marts.leader_attrition
        on leaders, leaving_leaders
        into name measure value people
    )
),

final as (
    select row_number() over (order by subject, row_id, measure) as cell_id, *
    from (
        select * from participation
        union all select * from grant_reach
        union all select * from pathway_stages
        union all select * from pathway_transitions
        union all select * from organizer_retention
        union all select * from leader_attrition
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

stages as (
    select c.cell_id, c.measure, s.*
    from cells c
    join marts.pathway_stage_counts s using (row_id)
    where c.subject = 'pathway_stages'
),

stage_groups as (
    select 'pathway_stages' as subject, cell_id, cohort = 'ALL' as is_total,
           concat_ws('|', 'cohort', measure, stage_number, region, gender) as group_key
    from stages
    union all
    select 'pathway_stages', cell_id, region = 'ALL',
           concat_ws('|', 'region', measure, stage_number, cohort, gender)
    from stages
    union all
    select 'pathway_stages', cell_id, gender = 'ALL',
           concat_ws('|', 'gender', measure, stage_number, cohort, region)
    from stages
    union all
    -- everyone is at exactly one stage: current at stages 1-6 add up to reached at stage 1
    select 'pathway_stages', cell_id, measure = 'people_reached',
           concat_ws('|', 'stages', cohort, region, gender)
    from stages
    where measure = 'people_current' or stage_number = 1
    union all
    -- reached at s = current at s + reached at s + 1
    select 'pathway_stages', cell_id, measure = 'people_reached',
           concat_ws('|', 'step', stage_number, cohort, region, gender)
    from stages
    where stage_number < 6
    union all
    select 'pathway_stages', cell_id, false,
           concat_ws('|', 'step', stage_number - 1, cohort, region, gender)
    from stages
    where measure = 'people_reached' and stage_number > 1
    union all
    -- reached at the top stage = current at it
    select 'pathway_stages', cell_id, measure = 'people_reached',
           concat_ws('|', 'top', cohort, region, gender)
    from stages
    where stage_number = 6
),

transitions as (
    select c.cell_id, c.measure, t.region, t.from_stage_number, null as to_stage_number
    from cells c
    join marts.pathway_transition_counts t using (row_id)
    where c.subject = 'pathway_transitions' and c.measure <> 'flow'
    union all
    select c.cell_id, c.measure, f.region, f.from_stage_number, f.to_stage_number
    from cells c
    join marts.pathway_flows f using (row_id)
    where c.subject = 'pathway_transitions' and c.measure = 'flow'
),

transition_groups as (
    select 'pathway_transitions' as subject, cell_id, region = 'ALL' as is_total,
           concat_ws('|', 'region', measure, from_stage_number, to_stage_number) as group_key
    from transitions
    union all
    -- the people at a stage either moved on to one of the higher stages or did not
    select 'pathway_transitions', cell_id, measure = 'people',
           concat_ws('|', 'outcome', region, from_stage_number)
    from transitions
    where measure in ('people', 'not_converted', 'flow')
),

organizer_groups as (
    select 'organizer_retention' as subject, c.cell_id, r.region = 'ALL' as is_total,
           concat_ws('|', 'region', c.measure, r.fiscal_year) as group_key
    from cells c
    join marts.organizer_retention r using (row_id)
    where c.subject = 'organizer_retention'
),

leader_groups as (
    select 'leader_attrition' as subject, c.cell_id, l.region = 'ALL' as is_total,
           concat_ws('|', 'region', c.measure, l.fiscal_year) as group_key
    from cells c
    join marts.leader_attrition l using (row_id)
    where c.subject = 'leader_attrition'
),

all_groups as (
    select subject, group_key, cell_id, is_total from participation_groups
    union all select subject, group_key, cell_id, is_total from grant_reach_groups
    union all select subject, group_key, cell_id, is_total from stage_groups
    union all select subject, group_key, cell_id, is_total from transition_groups
    union all select subject, group_key, cell_id, is_total from organizer_groups
    union all select subject, group_key, cell_id, is_total from leader_groups
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

create or replace macro marts.pathway_stage_counts_suppressed(k) as table
with flags as (
    select
        row_id,
        coalesce(bool_or(suppressed) filter (where measure = 'people_reached'), false)
            as people_reached_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'people_current'), false)
            as people_current_suppressed
    from marts.people_row_flags(k, 'pathway_stages')
    group by row_id
),

final as (
    select
        s.cohort,
        s.region,
        s.gender,
        s.stage_number,
        s.stage,
        if(f.people_reached_suppressed, null, s.people_reached) as people_reached,
        f.people_reached_suppressed,
        if(f.people_current_suppressed, null, s.people_current) as people_current,
        f.people_current_suppressed
    from marts.pathway_stage_counts s
    join flags f using (row_id)
)

select * from final;

-- The median days to the next stage describes the people who moved on (people − not_converted);
-- it is hidden with either count, or when fewer than k people moved on.
create or replace macro marts.pathway_transition_counts_suppressed(k) as table
with flags as (
    select
        row_id,
        coalesce(bool_or(suppressed) filter (where measure = 'people'), false)
            as people_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'converted_12m'), false)
            as converted_12m_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'converted_24m'), false)
            as converted_24m_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'not_converted'), false)
            as not_converted_suppressed
    from marts.people_row_flags(k, 'pathway_transitions')
    where measure <> 'flow'
    group by row_id
),

final as (
    select
        t.region,
        t.from_stage_number,
        t.from_stage,
        if(f.people_suppressed, null, t.people) as people,
        f.people_suppressed,
        if(f.converted_12m_suppressed, null, t.converted_12m) as converted_12m,
        f.converted_12m_suppressed,
        if(f.converted_24m_suppressed, null, t.converted_24m) as converted_24m,
        f.converted_24m_suppressed,
        if(f.not_converted_suppressed, null, t.not_converted) as not_converted,
        f.not_converted_suppressed,
        if(
            f.people_suppressed or f.not_converted_suppressed
                or t.people - t.not_converted
                    between 1 and (case when k >= 2 then k else 5 end) - 1,
            null,
            t.median_days_to_next
        ) as median_days_to_next,
        f.people_suppressed or f.not_converted_suppressed
            or t.people - t.not_converted between 1 and (case when k >= 2 then k else 5 end) - 1
            as median_days_to_next_suppressed
    from marts.pathway_transition_counts t
    join flags f using (row_id)
)

select * from final;

create or replace macro marts.pathway_flows_suppressed(k) as table
with flags as (
    select row_id, coalesce(bool_or(suppressed), false) as people_suppressed
    from marts.people_row_flags(k, 'pathway_transitions')
    where measure = 'flow'
    group by row_id
),

final as (
    select
        w.region,
        w.from_stage_number,
        w.from_stage,
        w.to_stage_number,
        w.to_stage,
        if(f.people_suppressed, null, w.people) as people,
        f.people_suppressed
    from marts.pathway_flows w
    join flags f using (row_id)
)

select * from final;

create or replace macro marts.organizer_retention_suppressed(k) as table
with flags as (
    select
        row_id,
        coalesce(bool_or(suppressed) filter (where measure = 'organizers'), false)
            as organizers_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'retained_organizers'), false)
            as retained_organizers_suppressed
    from marts.people_row_flags(k, 'organizer_retention')
    group by row_id
),

final as (
    select
        r.fiscal_year,
        r.region,
        if(f.organizers_suppressed, null, r.organizers) as organizers,
        f.organizers_suppressed,
        if(f.retained_organizers_suppressed, null, r.retained_organizers) as retained_organizers,
        f.retained_organizers_suppressed
    from marts.organizer_retention r
    join flags f using (row_id)
)

select * from final;

create or replace macro marts.leader_attrition_suppressed(k) as table
with flags as (
    select
        row_id,
        coalesce(bool_or(suppressed) filter (where measure = 'leaders'), false)
            as leaders_suppressed,
        coalesce(bool_or(suppressed) filter (where measure = 'leaving_leaders'), false)
            as leaving_leaders_suppressed
    from marts.people_row_flags(k, 'leader_attrition')
    group by row_id
),

final as (
    select
        l.fiscal_year,
        l.region,
        if(f.leaders_suppressed, null, l.leaders) as leaders,
        f.leaders_suppressed,
        if(f.leaving_leaders_suppressed, null, l.leaving_leaders) as leaving_leaders,
        f.leaving_leaders_suppressed
    from marts.leader_attrition l
    join flags f using (row_id)
)

select * from final;
