-- What each program produced, for the program-level view (Regions drill-down, Themes page):
-- participants, new editors by both definitions (Dashboard: account registered between the
-- program's start and end; Event Metrics: from 14 days before the start to the end), returning
-- and retained participants, organizers, content, and the cost per participant of its grant
-- (the grant's awarded USD over `grant_participants`, the distinct participants of all its
-- programs). People counts are suppressed by the query layer (SPEC §6; queries/people.py):
-- `is_protected` hides every count of a program in a protected country; `cell_links` names the
-- participation cells a program has to itself (no other program there counts anyone), whose
-- counts are then the program's, and `grant_link` the grant whose only program it is
-- (marts.program_links).
-- Filters (empty = all): $fiscal_years and $regions of the program's start and country,
-- $themes (a program with any theme chosen), and $grant_id (NULL = any program).
with people as (
    select
        program_id,
        title,
        organizers
    from marts.program_people
),

programs as (
    select o.*, p.title, p.organizers, l.cell_links, l.grant_link,
           coalesce(c.is_protected, false) as is_protected
    from marts.program_outcomes o
    join people p using (program_id)
    join marts.program_links l using (program_id)
    left join core.countries c on c.country_code = o.country
    where marts.chosen($fiscal_years, o.fiscal_year)
      and marts.chosen($regions, o.region)
      and marts.any_chosen($themes, o.themes)
      and ($grant_id is null or o.grant_id = $grant_id)
),

final as (
    select
        program_id,
        title,
        program_type,
        array_to_string(themes, '; ') as themes,
        fiscal_year,
        region,
        country,
        start_date,
        end_date,
        grant_id,
        is_protected,
        cell_links,
        grant_link,
        participants,
        organizers,
        new_editors_dashboard,
        new_editors_event_metrics,
        returning_participants,
        retained_participants,
        edits,
        bytes_added,
        articles_created,
        articles_edited,
        uploads,
        grant_awarded_usd,
        grant_participants,
        grant_awarded_usd / nullif(grant_participants, 0) as cost_per_participant
    from programs
)

select * from final
order by start_date desc, program_id;
