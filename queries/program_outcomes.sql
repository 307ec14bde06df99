-- What each program produced, for the program-level view (Regions drill-down, Themes page):
-- participants, new editors by both definitions (Dashboard: account registered between the
-- program's start and end; Event Metrics: from 14 days before the start to the end), returning
-- and retained participants, organizers, content, and the cost per participant of its grant
-- (the grant's awarded USD over `grant_participants`, the distinct participants of all its
-- programs). People counts are suppressed by the query layer (SPEC §6; queries/people.py):
-- `is_protected` hides every count of a program in a protected country; `country_link` names the
-- fiscal year and country a program has to itself (no other program there counts anyone), whose
-- counts are then the program's, and `grant_link` the grant whose only program it is.
-- Filters (empty = all): $fiscal_years and $regions of the program's start and country,
-- $themes (a program with any theme chosen), and $grant_id (NULL = any program).
with people as (
    select
        program_id,
        title,
        organizers,
        participants + organizers > 0 as counts_anyone
    from marts.program_people
),

alone as (
    select
        program_id,
        count(*) filter (where counts_anyone) over (partition by fiscal_year, region, country)
            <= 1 as alone_in_country_year,
        count(*) over (partition by grant_id) = 1 as alone_in_grant
    from marts.program_people
    join people using (program_id)
),

programs as (
    select o.*, p.title, p.organizers, a.alone_in_country_year, a.alone_in_grant,
           coalesce(c.is_protected, false) as is_protected
    from marts.program_outcomes o
    join people p using (program_id)
    join alone a using (program_id)
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
        if(alone_in_country_year, concat_ws('|', fiscal_year, region, country), null)
            as country_link,
        if(alone_in_grant, grant_id, null) as grant_link,
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
