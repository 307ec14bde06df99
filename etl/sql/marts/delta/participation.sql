-- A small participation load's correction of participation.sql's marts, instead of counting
-- ten million rows again. core/participation.sql kept the people the load touched as they were
-- when the marts were built (core.touched_people, core.touched_participation). Whether a person
-- is counted in a cell depends on their own rows only, so for every cell
--   new count = old count − (touched people counted there before) + (touched people counted
--   there now),
-- both sides worked out by participation.sql's own macros over the touched people alone; sums
-- (participations, content) change by the difference of their rows. etl/marts.py runs this in
-- place of participation.sql when a load's batches were all participation and the marts were
-- built by the same SQL, after touched.sql; tests/test_marts_incremental.py checks the result
-- equals a full build.

create or replace temp table program_facts as from marts.program_numbers();

create or replace temp table program_theme_facts as from marts.program_theme_numbers();

create or replace temp table before_programs as
from marts.person_programs('before_rows', 'before_people');

create or replace temp table before_histories as
from marts.person_histories('before_programs');

create or replace temp table before_flags as
from marts.participation_flags('before_programs', 'before_histories');

create or replace temp table after_programs as
from marts.person_programs('after_rows', 'after_people');

create or replace temp table after_histories as
from marts.person_histories('after_programs');

create or replace temp table after_flags as
from marts.participation_flags('after_programs', 'after_histories');

-- People per cell: now (+1) and before (−1).
create or replace temp table people_counts as
select 1 as sign, * from marts.people_by_region('after_flags');

insert into people_counts select 1, * from marts.people_by_theme('after_flags');

insert into people_counts select 1, * from marts.people_by_program_type('after_flags');

insert into people_counts select 1, * from marts.people_by_country('after_flags');

insert into people_counts select -1, * from marts.people_by_region('before_flags');

insert into people_counts select -1, * from marts.people_by_theme('before_flags');

insert into people_counts select -1, * from marts.people_by_program_type('before_flags');

insert into people_counts select -1, * from marts.people_by_country('before_flags');

-- A count the full build leaves NULL for a kind of cell stays NULL (NULL + anything).
update marts.participation_cells c
set participants = c.participants + d.participants,
    organizers = c.organizers + d.organizers,
    mentors = c.mentors + d.mentors,
    mentees = c.mentees + d.mentees,
    new_editors_dashboard = c.new_editors_dashboard + d.new_editors_dashboard,
    new_editors_event_metrics = c.new_editors_event_metrics + d.new_editors_event_metrics,
    returning_participants = c.returning_participants + d.returning_participants,
    retained_participants = c.retained_participants + d.retained_participants
from (
    select
        fiscal_year,
        region,
        theme,
        program_type,
        country,
        coalesce(sum(sign * participants), 0) as participants,
        coalesce(sum(sign * organizers), 0) as organizers,
        coalesce(sum(sign * mentors), 0) as mentors,
        coalesce(sum(sign * mentees), 0) as mentees,
        coalesce(sum(sign * new_editors_dashboard), 0) as new_editors_dashboard,
        coalesce(sum(sign * new_editors_event_metrics), 0) as new_editors_event_metrics,
        coalesce(sum(sign * returning_participants), 0) as returning_participants,
        coalesce(sum(sign * retained_participants), 0) as retained_participants
    from people_counts
    group by fiscal_year, region, theme, program_type, country
) d
where c.fiscal_year = d.fiscal_year and c.region = d.region and c.theme = d.theme
  and c.program_type = d.program_type and c.country = d.country;

-- Participations and content: the difference of the touched people's rows, per program.
create or replace temp table measures_delta as
select
    program_no,
    sum(sign * participations) as participations,
    sum(sign * edits) as edits,
    sum(sign * bytes_added) as bytes_added,
    sum(sign * articles_created) as articles_created,
    sum(sign * articles_edited) as articles_edited,
    sum(sign * uploads) as uploads
from (
    select 1 as sign, * from marts.program_measures('after_programs')
    union all
    select -1, * from marts.program_measures('before_programs')
)
group by program_no;

create or replace temp table programs_delta as
select p.*, d.* exclude (program_no)
from program_facts p
join measures_delta d using (program_no);

update marts.participation_cells c
set participations = c.participations + d.participations,
    edits = c.edits + d.edits,
    bytes_added = c.bytes_added + d.bytes_added,
    articles_created = c.articles_created + d.articles_created,
    articles_edited = c.articles_edited + d.articles_edited,
    uploads = c.uploads + d.uploads
from marts.program_cells('programs_delta') d
where c.fiscal_year = d.fiscal_year and c.region = d.region and c.theme = d.theme
  and c.program_type = d.program_type and c.country = d.country;

update marts.grant_reach g
set participants = g.participants + d.participants
from (
    select fiscal_year, region, sum(sign * participants) as participants
    from (
        select 1 as sign, * from marts.grant_reach_people('after_flags')
        union all
        select -1, * from marts.grant_reach_people('before_flags')
    )
    group by fiscal_year, region
) d
where g.fiscal_year = d.fiscal_year and g.region = d.region;

-- Organizer retention: a cell appears with its first organizer and goes with its last. Where
-- retention is unknown (the last fiscal year with programs) nobody organizes in the next year,
-- so the stored NULL stands for 0 organizers retained.
create or replace temp table organizer_delta as
select fiscal_year, region, sum(sign * organizers) as organizers,
       sum(sign * retained_organizers) as retained_organizers
from (
    select 1 as sign, * from marts.organizer_counts('after_flags')
    union all
    select -1, * from marts.organizer_counts('before_flags')
)
group by fiscal_year, region;

create or replace table marts.organizer_retention as
with merged as (
    select
        fiscal_year,
        region,
        (coalesce(o.organizers, 0) + coalesce(d.organizers, 0))::bigint as organizers,
        (coalesce(o.retained_organizers, 0) + coalesce(d.retained_organizers, 0))::bigint
            as retained_organizers
    from marts.organizer_retention o
    full join organizer_delta d using (fiscal_year, region)
)

select
    row_number() over (order by m.fiscal_year, m.region) as row_id,
    m.fiscal_year,
    m.region,
    m.organizers,
    case when k.known then m.retained_organizers end as retained_organizers
from merged m
join marts.retention_known() k using (fiscal_year)
where m.organizers > 0;

-- What each program produced: its people and content change by the touched people's.
update marts.program_outcomes o
set participants = o.participants + d.participants,
    new_editors_dashboard = o.new_editors_dashboard + d.new_editors_dashboard,
    new_editors_event_metrics = o.new_editors_event_metrics + d.new_editors_event_metrics,
    returning_participants = o.returning_participants + d.returning_participants,
    retained_participants = o.retained_participants + d.retained_participants,
    edits = o.edits + d.edits,
    bytes_added = o.bytes_added + d.bytes_added,
    articles_created = o.articles_created + d.articles_created,
    articles_edited = o.articles_edited + d.articles_edited,
    uploads = o.uploads + d.uploads
from (
    select
        p.program_id,
        coalesce(pe.participants, 0) as participants,
        coalesce(pe.new_editors_dashboard, 0) as new_editors_dashboard,
        coalesce(pe.new_editors_event_metrics, 0) as new_editors_event_metrics,
        coalesce(pe.returning_participants, 0) as returning_participants,
        coalesce(pe.retained_participants, 0) as retained_participants,
        coalesce(m.edits, 0) as edits,
        coalesce(m.bytes_added, 0) as bytes_added,
        coalesce(m.articles_created, 0) as articles_created,
        coalesce(m.articles_edited, 0) as articles_edited,
        coalesce(m.uploads, 0) as uploads
    from program_facts p
    left join (
        select
            program_no,
            sum(sign * participants) as participants,
            sum(sign * new_editors_dashboard) as new_editors_dashboard,
            sum(sign * new_editors_event_metrics) as new_editors_event_metrics,
            sum(sign * returning_participants) as returning_participants,
            sum(sign * retained_participants) as retained_participants
        from (
            select 1 as sign, * from marts.program_people_counts('after_flags')
            union all
            select -1, * from marts.program_people_counts('before_flags')
        )
        group by program_no
    ) pe using (program_no)
    left join measures_delta m using (program_no)
    where pe.program_no is not null or m.program_no is not null
) d
where o.program_id = d.program_id;

-- A grant's distinct participants; NULL, as in the full build, when it has none.
update marts.program_outcomes o
set grant_participants = nullif(coalesce(o.grant_participants, 0) + d.grant_participants, 0)
from (
    select grant_id, sum(sign * grant_participants) as grant_participants
    from (
        select 1 as sign, * from marts.grant_participant_counts('after_flags')
        union all
        select -1, * from marts.grant_participant_counts('before_flags')
    )
    group by grant_id
) d
where o.grant_id = d.grant_id;

-- Each touched person's first dates at the program-based stages, replaced.
delete from marts.pathway_program_dates
where person_key in (select person_key from after_people);

insert into marts.pathway_program_dates
from marts.pathway_dates_of('after_histories', 'after_people');

drop table organizer_delta;

drop table programs_delta;

drop table measures_delta;

drop table people_counts;

drop table after_flags;

drop table after_histories;

drop table after_programs;

drop table before_flags;

drop table before_histories;

drop table before_programs;

drop table program_theme_facts;

drop table program_facts;
