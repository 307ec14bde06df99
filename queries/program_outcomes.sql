-- What each program produced, for the program-level view (Regions drill-down, Themes page):
-- participants, new editors by both definitions (Dashboard: account registered between the
-- program's start and end; Event Metrics: from 14 days before the start to the end), returning
-- and retained participants, organizers, content, and the cost per participant of its grant.
-- People counts and content are suppressed (SPEC §6; see
-- etl/sql/marts/suppression_programs_outcomes.sql). Filters (empty = all): $fiscal_years and
-- $regions of the program's start and country, $themes (a program with any theme chosen), and
-- $grant_id (NULL = any program).
with programs as (
    select *
    from marts.program_outcomes_suppressed($k)
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.any_chosen($themes, themes)
      and ($grant_id is null or grant_id = $grant_id)
),

final as (
    select * replace (array_to_string(themes, '; ') as themes)
    from programs
)

select * from final
order by start_date desc, program_id;
