-- Participation marts (SPEC §5 Programs and participation), by the fiscal year of each
-- program's start; organizer retention; what each program produced (marts.program_outcomes);
-- and each person's first dates at the program-based pathway stages
-- (marts.pathway_program_dates, which pathway.sql, run after this file, builds on), because they all need the same person × program facts and ten million rows are read once.
--
-- Distinct people cannot be added up across cells, so they are counted once per cell of every
-- combination pages and the publisher ask for, each dimension also as 'ALL':
--   fiscal year × region               every people count
--   fiscal year × region × theme       participants, organizers, new editors (both)
--   fiscal year × region × program type  participants, organizers, new editors (both)
--   fiscal year × region × country       participants, organizers
-- (a count not kept for a kind of cell is NULL there).
-- Programs without a country are in region and country 'unknown', programs without a theme in
-- theme 'none'. People counts are exact: each cell collects its people as bits of a bitstring
-- (people numbered 1…n) and counts them, which is far cheaper than count(distinct) at ten
-- million rows. Queries suppress their people counts in the query layer (queries/people.py).

-- Programs with small integer numbers and what cells they fall in.
create or replace temp table program_facts as
select
    row_number() over (order by program_id)::integer as program_no,
    program_id,
    fiscal_year,
    coalesce(region_code, 'unknown') as region,
    coalesce(country_code, 'unknown') as country,
    program_type,
    start_date,
    end_date,
    grant_id
from core.programs;

-- People with small integer numbers: distinct people are counted as bits (see above).
create or replace temp table person_ids as
select person_key, row_number() over (order by person_key)::integer as person_id, registered_at
from core.people;

create or replace temp table program_theme_facts as
select p.program_no, coalesce(t.theme_code, 'none') as theme
from program_facts p
left join core.program_themes t using (program_id);

-- One row per participation row (person × program × role) with integer keys. A person who is
-- both participant and mentee of one program is one participation: the mentee row is then not
-- `is_participation`, so that participations and content are not counted twice.
create or replace temp table person_programs as
with rows as materialized (
    select
        pe.person_id,
        pr.program_no,
        pr.start_date,
        pa.role in ('participant', 'mentee') as is_participant,
        pa.role = 'participant' as is_participant_role,
        pa.role in ('organizer', 'facilitator', 'volunteer') as is_organizer,
        pa.role in ('trainer', 'mentor') as is_trainer_or_mentor,
        pa.role = 'mentor' as is_mentor,
        pa.role = 'mentee' as is_mentee,
        pe.registered_at,
        pa.edits,
        pa.bytes_added,
        pa.articles_created,
        pa.articles_edited,
        pa.uploads
    from core.participation pa
    join program_facts pr using (program_id)
    join person_ids pe using (person_key)
),

mentees_also_participant as (
    select m.person_id, m.program_no
    from (select person_id, program_no from rows where is_mentee) m
    join (select person_id, program_no from rows where is_participant_role) p
        using (person_id, program_no)
),

final as (
    select
        r.* exclude (is_participant_role),
        r.is_participant_role or (r.is_mentee and d.person_id is null) as is_participation
    from rows r
    left join mentees_also_participant d
        on r.is_mentee and d.person_id = r.person_id and d.program_no = r.program_no
)

select * from final;

-- Each person's first program (in any role): earliest start, ties to the lower program number,
-- kept as one sortable number (days since 1970 × 2³² + program number); and the starts of
-- their first organizer and trainer / mentor programs.
create or replace temp table person_firsts as
with firsts as (
    select
        person_id,
        min(((start_date - date '1970-01-01')::bigint << 32) + program_no) as first_key,
        min(start_date) filter (where is_organizer) as first_organizer_start,
        min(start_date) filter (where is_trainer_or_mentor) as first_trainer_start
    from person_programs
    group by person_id
)

select
    f.person_id,
    (f.first_key & 4294967295)::integer as first_program_no,
    p.start_date as first_start,
    p.end_date as first_end,
    p.fiscal_year as first_fiscal_year,
    p.region as first_region,
    f.first_organizer_start,
    f.first_trainer_start
from firsts f
join program_facts p on p.program_no = (f.first_key & 4294967295)::integer;

-- The start of each person's second program, and whether they came back: took part in another
-- program starting 30 to 365 days (inclusive) after the first one ended.
create or replace temp table person_histories as
with later as (
    select
        p.person_id,
        min(p.start_date) filter (where p.program_no <> f.first_program_no) as second_start,
        bool_or(p.start_date between f.first_end + 30 and f.first_end + 365) as came_back
    from person_programs p
    join person_firsts f using (person_id)
    group by p.person_id
)

select f.*, l.second_start, l.came_back
from person_firsts f
join later l using (person_id);

-- The flags every people count is made of. New editors (participants only): account
-- registered, dates inclusive, between program start and end (Dashboard), or from 14 days
-- before the start to the end (Event Metrics).
create or replace temp table participation_flags as
select
    p.person_id,
    p.program_no,
    pr.fiscal_year,
    pr.region,
    pr.country,
    pr.program_type,
    p.is_participant,
    p.is_organizer,
    p.is_mentor,
    p.is_mentee,
    p.is_participant
        and coalesce(p.registered_at between pr.start_date and pr.end_date, false)
        as is_new_editor_dashboard,
    p.is_participant
        and coalesce(p.registered_at between pr.start_date - 14 and pr.end_date, false)
        as is_new_editor_event_metrics,
    p.is_participant and h.first_start < pr.start_date as is_returning,
    p.is_participant and h.came_back and h.first_fiscal_year = pr.fiscal_year as is_retained
from person_programs p
join program_facts pr using (program_no)
join person_histories h using (person_id);

-- People per cell, one kind of cell per statement: each cell holds a bitstring per count, and
-- building them one kind at a time bounds the memory this takes.
create or replace temp table people_by_region as
select
    fiscal_year,
    coalesce(region, 'ALL') as region,
    'ALL' as theme,
    'ALL' as program_type,
    'ALL' as country,
    bit_count(bitstring_agg(person_id) filter (where is_participant)) as participants,
    bit_count(bitstring_agg(person_id) filter (where is_organizer)) as organizers,
    bit_count(bitstring_agg(person_id) filter (where is_mentor)) as mentors,
    bit_count(bitstring_agg(person_id) filter (where is_mentee)) as mentees,
    bit_count(bitstring_agg(person_id) filter (where is_new_editor_dashboard))
        as new_editors_dashboard,
    bit_count(bitstring_agg(person_id) filter (where is_new_editor_event_metrics))
        as new_editors_event_metrics,
    bit_count(bitstring_agg(person_id) filter (where is_returning)) as returning_participants,
    bit_count(bitstring_agg(person_id) filter (where is_retained)) as retained_participants
from participation_flags
group by grouping sets ((fiscal_year, region), (fiscal_year));

create or replace temp table people_by_theme as
select
    f.fiscal_year,
    coalesce(f.region, 'ALL') as region,
    t.theme,
    'ALL' as program_type,
    'ALL' as country,
    bit_count(bitstring_agg(f.person_id) filter (where f.is_participant)) as participants,
    bit_count(bitstring_agg(f.person_id) filter (where f.is_organizer)) as organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    bit_count(bitstring_agg(f.person_id) filter (where f.is_new_editor_dashboard))
        as new_editors_dashboard,
    bit_count(bitstring_agg(f.person_id) filter (where f.is_new_editor_event_metrics))
        as new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from participation_flags f
join program_theme_facts t using (program_no)
group by grouping sets ((f.fiscal_year, t.theme, f.region), (f.fiscal_year, t.theme));

create or replace temp table people_by_program_type as
select
    fiscal_year,
    coalesce(region, 'ALL') as region,
    'ALL' as theme,
    program_type,
    'ALL' as country,
    bit_count(bitstring_agg(person_id) filter (where is_participant)) as participants,
    bit_count(bitstring_agg(person_id) filter (where is_organizer)) as organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    bit_count(bitstring_agg(person_id) filter (where is_new_editor_dashboard))
        as new_editors_dashboard,
    bit_count(bitstring_agg(person_id) filter (where is_new_editor_event_metrics))
        as new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from participation_flags
group by grouping sets ((fiscal_year, region, program_type), (fiscal_year, program_type));

create or replace temp table people_by_country as
select
    fiscal_year,
    region,
    'ALL' as theme,
    'ALL' as program_type,
    country,
    bit_count(bitstring_agg(person_id) filter (where is_participant)) as participants,
    bit_count(bitstring_agg(person_id) filter (where is_organizer)) as organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    null::bigint as new_editors_dashboard,
    null::bigint as new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from participation_flags
group by fiscal_year, region, country;

create or replace table marts.participation_cells as
with program_measures as (
    -- per program: participations and content of its participation rows
    select
        program_no,
        count(*) filter (where is_participation) as participations,
        coalesce(sum(edits) filter (where is_participation), 0) as edits,
        coalesce(sum(bytes_added) filter (where is_participation), 0) as bytes_added,
        coalesce(sum(articles_created) filter (where is_participation), 0) as articles_created,
        coalesce(sum(articles_edited) filter (where is_participation), 0) as articles_edited,
        coalesce(sum(uploads) filter (where is_participation), 0) as uploads
    from person_programs
    group by program_no
),

programs as (
    select p.*, coalesce(m.participations, 0) as participations,
           coalesce(m.edits, 0) as edits, coalesce(m.bytes_added, 0) as bytes_added,
           coalesce(m.articles_created, 0) as articles_created,
           coalesce(m.articles_edited, 0) as articles_edited,
           coalesce(m.uploads, 0) as uploads
    from program_facts p
    left join program_measures m using (program_no)
),

themed_programs as (
    select p.*, t.theme from programs p join program_theme_facts t using (program_no)
),

-- Program counts, participations and content: additive, so grouping sets over programs.
program_cells as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        'ALL' as theme,
        coalesce(program_type, 'ALL') as program_type,
        coalesce(country, 'ALL') as country,
        count(*) as programs,
        sum(participations)::bigint as participations,
        sum(edits)::bigint as edits,
        sum(bytes_added)::bigint as bytes_added,
        sum(articles_created)::bigint as articles_created,
        sum(articles_edited)::bigint as articles_edited,
        sum(uploads)::bigint as uploads
    from programs
    group by grouping sets (
        (fiscal_year, region), (fiscal_year),
        (fiscal_year, region, program_type), (fiscal_year, program_type),
        (fiscal_year, region, country)
    )
    union all
    select
        fiscal_year,
        coalesce(region, 'ALL'),
        theme,
        'ALL',
        'ALL',
        count(*),
        sum(participations)::bigint,
        sum(edits)::bigint,
        sum(bytes_added)::bigint,
        sum(articles_created)::bigint,
        sum(articles_edited)::bigint,
        sum(uploads)::bigint
    from themed_programs
    group by grouping sets ((fiscal_year, theme, region), (fiscal_year, theme))
),

people_cells as (
    select * from people_by_region
    union all select * from people_by_theme
    union all select * from people_by_program_type
    union all select * from people_by_country
),

-- Counts computed for a kind of cell are 0 when nobody is in it; the others stay NULL.
final as (
    select
        row_number() over (order by c.fiscal_year, c.region, c.theme, c.program_type, c.country)
            as row_id,
        c.fiscal_year,
        c.region,
        c.theme,
        c.program_type,
        c.country,
        c.programs,
        c.participations,
        coalesce(p.participants, 0) as participants,
        coalesce(p.organizers, 0) as organizers,
        case when c.theme = 'ALL' and c.program_type = 'ALL' and c.country = 'ALL'
            then coalesce(p.mentors, 0) end as mentors,
        case when c.theme = 'ALL' and c.program_type = 'ALL' and c.country = 'ALL'
            then coalesce(p.mentees, 0) end as mentees,
        case when c.country = 'ALL' then coalesce(p.new_editors_dashboard, 0) end
            as new_editors_dashboard,
        case when c.country = 'ALL' then coalesce(p.new_editors_event_metrics, 0) end
            as new_editors_event_metrics,
        case when c.theme = 'ALL' and c.program_type = 'ALL' and c.country = 'ALL'
            then coalesce(p.returning_participants, 0) end as returning_participants,
        case when c.theme = 'ALL' and c.program_type = 'ALL' and c.country = 'ALL'
            then coalesce(p.retained_participants, 0) end as retained_participants,
        c.edits,
        c.bytes_added,
        c.articles_created,
        c.articles_edited,
        c.uploads
    from program_cells c
    left join people_cells p using (fiscal_year, region, theme, program_type, country)
)

select * from final;

-- Cost per participant: funded grants with at least one linked program, their awarded USD and
-- the distinct participants of their programs, by the grant's fiscal year and region.
create or replace table marts.grant_reach as
with grants as (
    select grant_id, fiscal_year, coalesce(region_code, 'unknown') as region, amount_awarded_usd
    from core.grants
    where status = 'funded'
      and fiscal_year is not null
      and grant_id in (select grant_id from program_facts)
),

grant_participants as (
    select pr.grant_id, f.person_id
    from participation_flags f
    join program_facts pr using (program_no)
    where f.is_participant and pr.grant_id is not null
),

awarded as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        count(*) as grants_with_programs,
        coalesce(sum(amount_awarded_usd), 0) as awarded_usd
    from grants
    group by grouping sets ((fiscal_year, region), (fiscal_year))
),

reached as (
    select
        g.fiscal_year,
        coalesce(g.region, 'ALL') as region,
        bit_count(bitstring_agg(p.person_id)) as participants
    from grants g
    join grant_participants p using (grant_id)
    group by grouping sets ((g.fiscal_year, g.region), (g.fiscal_year))
),

final as (
    select
        row_number() over (order by fiscal_year, region) as row_id,
        fiscal_year,
        region,
        a.grants_with_programs,
        a.awarded_usd,
        coalesce(r.participants, 0) as participants
    from awarded a
    left join reached r using (fiscal_year, region)
)

select * from final;

-- Organizers of year t (organizer, facilitator or volunteer in a program starting in t) and
-- those among them who organize again in t + 1, per region and 'ALL'. Retention is unknown
-- (NULL) for the last fiscal year with programs.
create or replace table marts.organizer_retention as
with organizing as (
    select distinct person_id, fiscal_year, region
    from participation_flags
    where is_organizer
),

organizer_years as (
    select distinct person_id, fiscal_year from organizing
),

next_years as (
    select y.fiscal_year, n.fiscal_year as next_fiscal_year
    from core.fiscal_years y
    join core.fiscal_years n on n.start_date = y.end_date + 1
),

last_program_year as (
    select max(fiscal_year) as fiscal_year from program_facts
),

flagged as (
    select
        o.*,
        n.person_id is not null as organizes_next_year,
        y.next_fiscal_year <= l.fiscal_year as next_year_known
    from organizing o
    join next_years y using (fiscal_year)
    cross join last_program_year l
    left join organizer_years n
        on n.person_id = o.person_id and n.fiscal_year = y.next_fiscal_year
),

counts as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        count(distinct person_id) as organizers,
        case
            when bool_and(next_year_known)
                then count(distinct person_id) filter (where organizes_next_year)
        end as retained_organizers
    from flagged
    group by grouping sets ((fiscal_year, region), (fiscal_year))
),

final as (
    select row_number() over (order by fiscal_year, region) as row_id, *
    from counts
)

select * from final;

-- One row per program with what it produced, for the program-level view (which programs
-- brought new editors?), with the definitions above: people counted once each per program —
-- participants (participant or mentee), new editors by both definitions, returning and retained
-- participants — the content of its participations (a mentee who is also a participant once),
-- and the awarded USD of the program's funded grant with the distinct participants of all that
-- grant's programs, for cost per participant. Built here from the integer-keyed person ×
-- program facts, not from the 64-character person keys again. The query layer hides its people
-- counts (queries/people.py).
create or replace table marts.program_outcomes as
with program_people as (
    -- a person who is both participant and mentee of a program is one person there
    select
        program_no,
        person_id,
        bool_or(is_participant) as is_participant,
        bool_or(is_new_editor_dashboard) as is_new_editor_dashboard,
        bool_or(is_new_editor_event_metrics) as is_new_editor_event_metrics,
        bool_or(is_returning) as is_returning,
        bool_or(is_retained) as is_retained
    from participation_flags
    group by program_no, person_id
),

people as (
    select
        program_no,
        count(*) filter (where is_participant) as participants,
        count(*) filter (where is_new_editor_dashboard) as new_editors_dashboard,
        count(*) filter (where is_new_editor_event_metrics) as new_editors_event_metrics,
        count(*) filter (where is_returning) as returning_participants,
        count(*) filter (where is_retained) as retained_participants
    from program_people
    group by program_no
),

content as (
    select
        program_no,
        coalesce(sum(edits), 0)::bigint as edits,
        coalesce(sum(bytes_added), 0)::bigint as bytes_added,
        coalesce(sum(articles_created), 0)::bigint as articles_created,
        coalesce(sum(articles_edited), 0)::bigint as articles_edited,
        coalesce(sum(uploads), 0)::bigint as uploads
    from person_programs
    where is_participation
    group by program_no
),

funded_grants as (
    select grant_id, amount_awarded_usd::double as grant_awarded_usd
    from core.grants
    where status = 'funded'
),

grant_people as (
    select pr.grant_id, count(distinct p.person_id) as grant_participants
    from program_people p
    join program_facts pr using (program_no)
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
        coalesce(c.edits, 0) as edits,
        coalesce(c.bytes_added, 0) as bytes_added,
        coalesce(c.articles_created, 0) as articles_created,
        coalesce(c.articles_edited, 0) as articles_edited,
        coalesce(c.uploads, 0) as uploads,
        g.grant_awarded_usd,
        gp.grant_participants
    from program_facts p
    left join people o using (program_no)
    left join content c using (program_no)
    left join themes t using (program_id)
    left join funded_grants g on g.grant_id = p.grant_id
    left join grant_people gp on gp.grant_id = p.grant_id
)

select * from final;

-- Each person's first date at the program-based pathway stages: 1 (first program, any role),
-- 2 (second program), 3 (first as organizer, facilitator or volunteer), 4 (first as trainer or
-- mentor in a program); their cohort (fiscal year of the first program) and region (of the
-- first program). pathway.sql adds the roles and grants.
create or replace table marts.pathway_program_dates as
select
    i.person_key,
    h.first_fiscal_year as cohort,
    h.first_region as region,
    h.first_start as participant_on,
    h.second_start as returning_on,
    h.first_organizer_start as organizer_on,
    h.first_trainer_start as trainer_on
from person_histories h
join person_ids i using (person_id);

drop table participation_flags;

drop table people_by_region;

drop table people_by_theme;

drop table people_by_program_type;

drop table people_by_country;

drop table person_histories;

drop table person_firsts;

drop table person_programs;

drop table program_theme_facts;

drop table program_facts;

drop table person_ids;
