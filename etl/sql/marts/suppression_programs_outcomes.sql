-- Hidden counts of the program-level view (SPEC §6), for queries/program_outcomes.sql. Runs
-- after suppression_programs.sql (file-name order), whose macro it builds on: a program's
-- participants and organizers are hidden exactly as the drill-down hides them there.
--
-- The other people counts of a program (new editors by both definitions, returning and
-- retained participants) are hidden when they number 1 to k - 1, in a protected country, and
-- whenever the program's participants are hidden (each is a part of them). Content (edits,
-- bytes, articles, uploads) is hidden with the participants too: with one or a few
-- participants it is what those people did. Cost per participant of the program's grant is
-- awarded USD over the grant's distinct participants, so it gives that count away: it is
-- hidden when the count is 1 to k - 1, or when any program of the grant has its participants
-- hidden.
create or replace macro marts.program_outcomes_suppressed(k) as table
with shown as (
    select * from marts.program_people_suppressed(k)
),

threshold as (
    select case when k >= 2 then k else 5 end as k
),

protected as (
    select country_code as country from core.countries where is_protected
),

joined as (
    select
        s.program_id,
        s.title,
        s.program_type,
        o.themes,
        s.fiscal_year,
        s.region,
        s.country,
        s.start_date,
        s.end_date,
        s.grant_id,
        s.participants,
        s.participants_suppressed,
        s.organizers,
        s.organizers_suppressed,
        o.* exclude (program_id, fiscal_year, region, country, program_type, themes, start_date,
                     end_date, grant_id, participants),
        s.country in (select country from protected) as is_protected
    from shown s
    join marts.program_outcomes o using (program_id)
),

grants_with_hidden_programs as (
    select grant_id
    from shown
    where grant_id is not null
    group by grant_id
    having bool_or(participants_suppressed)
),

flagged as (
    select
        j.*,
        j.participants_suppressed or j.is_protected
            or j.new_editors_dashboard between 1 and t.k - 1 as ned_hidden,
        j.participants_suppressed or j.is_protected
            or j.new_editors_event_metrics between 1 and t.k - 1 as nem_hidden,
        j.participants_suppressed or j.is_protected
            or j.returning_participants between 1 and t.k - 1 as ret_hidden,
        j.participants_suppressed or j.is_protected
            or j.retained_participants between 1 and t.k - 1 as rtd_hidden,
        j.grant_participants between 1 and t.k - 1
            or j.grant_id in (select grant_id from grants_with_hidden_programs) as cost_hidden
    from joined j, threshold t
),

final as (
    select
        program_id,
        title,
        program_type,
        themes,
        fiscal_year,
        region,
        country,
        start_date,
        end_date,
        grant_id,
        participants,
        participants_suppressed,
        organizers,
        organizers_suppressed,
        if(ned_hidden, null, new_editors_dashboard) as new_editors_dashboard,
        ned_hidden as new_editors_dashboard_suppressed,
        if(nem_hidden, null, new_editors_event_metrics) as new_editors_event_metrics,
        nem_hidden as new_editors_event_metrics_suppressed,
        if(ret_hidden, null, returning_participants) as returning_participants,
        ret_hidden as returning_participants_suppressed,
        if(rtd_hidden, null, retained_participants) as retained_participants,
        rtd_hidden as retained_participants_suppressed,
        if(participants_suppressed, null, edits) as edits,
        participants_suppressed as edits_suppressed,
        if(participants_suppressed, null, articles_created) as articles_created,
        participants_suppressed as articles_created_suppressed,
        if(participants_suppressed, null, articles_edited) as articles_edited,
        participants_suppressed as articles_edited_suppressed,
        if(participants_suppressed, null, uploads) as uploads,
        participants_suppressed as uploads_suppressed,
        grant_awarded_usd,
        if(cost_hidden or grant_awarded_usd is null, null,
           grant_awarded_usd / nullif(grant_participants, 0)) as cost_per_participant,
        cost_hidden and grant_awarded_usd is not null as cost_per_participant_suppressed
    from flagged
)

select * from final;
