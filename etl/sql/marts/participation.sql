-- Participation marts (SPEC §5 Programs and participation), by the fiscal year of each
-- program's start; organizer retention; what each program produced (marts.program_outcomes);
-- and each person's first dates at the program-based pathway stages
-- (marts.pathway_program_dates, which pathway.sql, run after this file, builds on), because
-- they all need the same person × program facts and ten million rows are read once.
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
-- (core numbers people 1…n once, core.people.person_id) and counts them, which is far cheaper
-- than count(distinct) at ten million rows (but for counts of few people in many cells, which
-- list each person once per cell: the country cells, and the theme and program-type cells'
-- organizers and new editors, below).
-- Queries suppress their people counts in the query layer (queries/people.py).
--
-- Whether a person is counted in a cell depends on that person's own rows only (first program,
-- came back, returning, new editor…). So the per-person facts and flags are macros over a set
-- of participation rows and people (`query_table` names): this file applies them to everyone,
-- and a small participation load (etl/marts.py, delta/participation.sql) applies the same
-- macros to the people it touched, before and after, and corrects each count by the difference.

-- Programs with small integer numbers and what cells they fall in, each kind of cell also
-- numbered (fiscal year × region; × program type; × country), so that people are grouped by a
-- small integer rather than by two or three texts per row; and their grants numbered. The
-- numbers come from joins to the few distinct cells rather than from ranking 100,000 programs
-- once per kind, which a small load's correction would pay for each time.
create or replace macro marts.program_numbers() as table
with programs as materialized (
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
    from core.programs
),

grant_numbers as (
    select grant_id, row_number() over ()::integer as grant_no
    from (select distinct grant_id from programs where grant_id is not null)
),

region_cells as (
    select fiscal_year, region, row_number() over ()::integer as region_cell
    from (select distinct fiscal_year, region from programs)
),

type_cells as (
    select fiscal_year, region, program_type, row_number() over ()::integer as type_cell
    from (select distinct fiscal_year, region, program_type from programs)
),

country_cells as (
    select fiscal_year, region, country, row_number() over ()::integer as country_cell
    from (select distinct fiscal_year, region, country from programs)
)

select p.*, g.grant_no, r.region_cell, t.type_cell, c.country_cell
from programs p
left join grant_numbers g on g.grant_id = p.grant_id
join region_cells r
    on r.fiscal_year is not distinct from p.fiscal_year and r.region = p.region
join type_cells t
    on t.fiscal_year is not distinct from p.fiscal_year and t.region = p.region
    and t.program_type is not distinct from p.program_type
join country_cells c
    on c.fiscal_year is not distinct from p.fiscal_year and c.region = p.region
    and c.country = p.country;

create or replace macro marts.program_theme_numbers() as table
with themes as materialized (
    select
        p.program_no, p.program_id, p.fiscal_year, p.region,
        coalesce(t.theme_code, 'none') as theme
    from marts.program_numbers() p
    left join core.program_themes t using (program_id)
),

cells as (
    select fiscal_year, region, theme, row_number() over ()::integer as theme_cell
    from (select distinct fiscal_year, region, theme from themes)
)

select t.program_no, t.program_id, t.theme, c.theme_cell
from themes t
join cells c
    on c.fiscal_year is not distinct from t.fiscal_year and c.region = t.region
    and c.theme = t.theme;

-- The macros below read these two by name (as the small load's correction does, with the same
-- two tables), so they are made first.
create or replace temp table program_facts as from marts.program_numbers();

create or replace temp table program_theme_facts as from marts.program_theme_numbers();

-- One row per participation row (person × program × role) with integer keys, from
-- `participation_rows` (program_id, person_id, role, content) and `people_rows` (person_id,
-- registered_at). A person who is both participant and mentee of one program is one
-- participation: the mentee row is then not `is_participation`, so that participations and
-- content are not counted twice; every person × program with a participant or mentee row has
-- exactly one `is_participation` row. Those few pairs are found from the mentee rows (a hash
-- of the few, probed by the participant rows), not by hashing every row.
create or replace macro marts.person_programs(participation_rows, people_rows) as table
with mentees_also_participant as materialized (
    select person_id, program_id
    from query_table(participation_rows)
    semi join (
        select person_id, program_id from query_table(participation_rows) where role = 'mentee'
    ) using (person_id, program_id)
    where role = 'participant'
),

final as (
    select
        pa.person_id,
        pr.program_no,
        pr.start_date,
        pa.role in ('participant', 'mentee') as is_participant,
        pa.role in ('organizer', 'facilitator', 'volunteer') as is_organizer,
        pa.role in ('trainer', 'mentor') as is_trainer_or_mentor,
        pa.role = 'mentor' as is_mentor,
        pa.role = 'mentee' as is_mentee,
        pe.registered_at,
        pa.edits,
        pa.bytes_added,
        pa.articles_created,
        pa.articles_edited,
        pa.uploads,
        pa.role = 'participant' or (pa.role = 'mentee' and d.person_id is null)
            as is_participation
    from query_table(participation_rows) pa
    join program_facts pr using (program_id)
    join query_table(people_rows) pe using (person_id)
    left join mentees_also_participant d
        on pa.role = 'mentee' and d.person_id = pa.person_id and d.program_id = pa.program_id
)

select * from final;

-- Each person's first program (in any role): earliest start, ties to the lower program number,
-- kept as one sortable number (days since 1970 × 2³² + program number); the starts of their
-- first organizer and trainer / mentor programs; the start of their second program; and
-- whether they came back: took part in another program starting 30 to 365 days (inclusive)
-- after the first one ended.
create or replace macro marts.person_histories(person_programs) as table
with firsts as (
    select
        person_id,
        min(((start_date - date '1970-01-01')::bigint << 32) + program_no) as first_key,
        min(start_date) filter (where is_organizer) as first_organizer_start,
        min(start_date) filter (where is_trainer_or_mentor) as first_trainer_start
    from query_table(person_programs)
    group by person_id
),

person_firsts as materialized (
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
    join program_facts p on p.program_no = (f.first_key & 4294967295)::integer
),

later as (
    select
        p.person_id,
        min(p.start_date) filter (where p.program_no <> f.first_program_no) as second_start,
        bool_or(p.start_date between f.first_end + 30 and f.first_end + 365) as came_back
    from query_table(person_programs) p
    join person_firsts f using (person_id)
    group by p.person_id
)

select f.*, l.second_start, l.came_back
from person_firsts f
join later l using (person_id);

-- The flags every people count is made of. New editors (participants only): account
-- registered, dates inclusive, between program start and end (Dashboard), or from 14 days
-- before the start to the end (Event Metrics).
create or replace macro marts.participation_flags(person_programs, person_histories) as table
select
    p.person_id,
    p.program_no,
    pr.region_cell,
    pr.type_cell,
    pr.country_cell,
    p.is_participant,
    p.is_participation,
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
from query_table(person_programs) p
join program_facts pr using (program_no)
join query_table(person_histories) h using (person_id);

-- Participations and content per program: participation rows only (see above); additive. A
-- program without any is left out (programs_measured counts it 0).
create or replace macro marts.program_measures(person_programs) as table
select
    program_no,
    count(*) as participations,
    coalesce(sum(edits), 0) as edits,
    coalesce(sum(bytes_added), 0) as bytes_added,
    coalesce(sum(articles_created), 0) as articles_created,
    coalesce(sum(articles_edited), 0) as articles_edited,
    coalesce(sum(uploads), 0) as uploads
from query_table(person_programs)
where is_participation
group by program_no;

-- Program counts, participations and content per cell, from `programs` (program_facts'
-- columns and the measures above): additive, so grouping sets over programs.
create or replace macro marts.program_cells(programs) as table
with themed_programs as (
    select p.*, t.theme from query_table(programs) p join program_theme_facts t using (program_no)
)

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
from query_table(programs)
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
group by grouping sets ((fiscal_year, theme, region), (fiscal_year, theme));

-- People per cell from `flags` (participation_flags' rows), one kind of cell per macro. A
-- cell collects its people as bitstrings, one per count, grouped by the cell's number in its
-- finest form (with a region); the cells of all regions ('ALL') are the bitwise OR of those,
-- so each row is read once per kind of cell, not once per level. Building one kind at a time
-- bounds the memory the bitstrings take.
create or replace macro marts.people_by_region(flags) as table
with cells as materialized (
    select
        region_cell,
        bitstring_agg(person_id) filter (where is_participant) as participants,
        bitstring_agg(person_id) filter (where is_organizer) as organizers,
        bitstring_agg(person_id) filter (where is_mentor) as mentors,
        bitstring_agg(person_id) filter (where is_mentee) as mentees,
        bitstring_agg(person_id) filter (where is_new_editor_dashboard) as new_editors_dashboard,
        bitstring_agg(person_id) filter (where is_new_editor_event_metrics)
            as new_editors_event_metrics,
        bitstring_agg(person_id) filter (where is_returning) as returning_participants,
        bitstring_agg(person_id) filter (where is_retained) as retained_participants
    from query_table(flags)
    group by region_cell
),

named as (
    select n.fiscal_year, n.region, c.* exclude (region_cell)
    from cells c
    join (select distinct region_cell, fiscal_year, region from program_facts) n
        using (region_cell)
)

select
    fiscal_year,
    region,
    'ALL' as theme,
    'ALL' as program_type,
    'ALL' as country,
    bit_count(participants) as participants,
    bit_count(organizers) as organizers,
    bit_count(mentors) as mentors,
    bit_count(mentees) as mentees,
    bit_count(new_editors_dashboard) as new_editors_dashboard,
    bit_count(new_editors_event_metrics) as new_editors_event_metrics,
    bit_count(returning_participants) as returning_participants,
    bit_count(retained_participants) as retained_participants
from named
union all
select
    fiscal_year,
    'ALL',
    'ALL',
    'ALL',
    'ALL',
    bit_count(bit_or(participants)),
    bit_count(bit_or(organizers)),
    bit_count(bit_or(mentors)),
    bit_count(bit_or(mentees)),
    bit_count(bit_or(new_editors_dashboard)),
    bit_count(bit_or(new_editors_event_metrics)),
    bit_count(bit_or(returning_participants)),
    bit_count(bit_or(retained_participants))
from named
group by fiscal_year;

-- Theme and program-type cells: their participants are most rows, collected as bitstrings; the
-- organizers and new editors are a few hundred thousand rows, and a bitstring of a million bits
-- per cell for each would cost more than listing those people once per cell (at 10M rows the
-- four bitstrings of the theme cells took 2.4 CPU s, one and the listing 1.3), the cells of all
-- regions listing them once per fiscal year.
create or replace macro marts.people_by_theme(flags) as table
with names as (
    select distinct t.theme_cell, p.fiscal_year, p.region, t.theme
    from program_theme_facts t
    join program_facts p using (program_no)
),

participants as (
    select n.fiscal_year, n.region, n.theme, c.participants
    from (
        select
            t.theme_cell,
            bitstring_agg(f.person_id) filter (where f.is_participant) as participants
        from query_table(flags) f
        join program_theme_facts t using (program_no)
        group by t.theme_cell
    ) c
    join names n using (theme_cell)
),

few as (
    select
        n.fiscal_year,
        n.region,
        n.theme,
        f.person_id,
        bool_or(f.is_organizer) as organizer,
        bool_or(f.is_new_editor_dashboard) as new_editor_dashboard,
        bool_or(f.is_new_editor_event_metrics) as new_editor_event_metrics
    from query_table(flags) f
    join program_theme_facts t using (program_no)
    join names n using (theme_cell)
    where f.is_organizer or f.is_new_editor_dashboard or f.is_new_editor_event_metrics
    group by grouping sets (
        (n.fiscal_year, n.region, n.theme, f.person_id), (n.fiscal_year, n.theme, f.person_id)
    )
),

few_counts as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        theme,
        count(*) filter (where organizer) as organizers,
        count(*) filter (where new_editor_dashboard) as new_editors_dashboard,
        count(*) filter (where new_editor_event_metrics) as new_editors_event_metrics
    from few
    group by all
),

counted as (
    select fiscal_year, region, theme, bit_count(participants) as participants
    from participants
    union all
    select fiscal_year, 'ALL', theme, bit_count(bit_or(participants))
    from participants
    group by fiscal_year, theme
)

select
    c.fiscal_year,
    c.region,
    c.theme,
    'ALL' as program_type,
    'ALL' as country,
    c.participants,
    f.organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    f.new_editors_dashboard,
    f.new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from counted c
left join few_counts f
    on f.fiscal_year is not distinct from c.fiscal_year and f.region = c.region
    and f.theme = c.theme;

create or replace macro marts.people_by_program_type(flags) as table
with names as (
    select distinct type_cell, fiscal_year, region, program_type from program_facts
),

participants as (
    select n.fiscal_year, n.region, n.program_type, c.participants
    from (
        select type_cell, bitstring_agg(person_id) filter (where is_participant) as participants
        from query_table(flags)
        group by type_cell
    ) c
    join names n using (type_cell)
),

few as (
    select
        n.fiscal_year,
        n.region,
        n.program_type,
        f.person_id,
        bool_or(f.is_organizer) as organizer,
        bool_or(f.is_new_editor_dashboard) as new_editor_dashboard,
        bool_or(f.is_new_editor_event_metrics) as new_editor_event_metrics
    from query_table(flags) f
    join names n using (type_cell)
    where f.is_organizer or f.is_new_editor_dashboard or f.is_new_editor_event_metrics
    group by grouping sets (
        (n.fiscal_year, n.region, n.program_type, f.person_id),
        (n.fiscal_year, n.program_type, f.person_id)
    )
),

few_counts as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        program_type,
        count(*) filter (where organizer) as organizers,
        count(*) filter (where new_editor_dashboard) as new_editors_dashboard,
        count(*) filter (where new_editor_event_metrics) as new_editors_event_metrics
    from few
    group by all
),

counted as (
    select fiscal_year, region, program_type, bit_count(participants) as participants
    from participants
    union all
    select fiscal_year, 'ALL', program_type, bit_count(bit_or(participants))
    from participants
    group by fiscal_year, program_type
)

select
    c.fiscal_year,
    c.region,
    'ALL' as theme,
    c.program_type,
    'ALL' as country,
    c.participants,
    f.organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    f.new_editors_dashboard,
    f.new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from counted c
left join few_counts f
    on f.fiscal_year is not distinct from c.fiscal_year and f.region = c.region
    and f.program_type is not distinct from c.program_type;

-- Country cells are many (about a thousand at 10M rows) and most hold few people: a bitstring
-- of every person number per cell costs more than listing each person once per cell (1.3
-- against 0.4-0.5 CPU s at 10M). NULL where nobody counts, as a bitstring of nobody is.
create or replace macro marts.people_by_country(flags) as table
with people as (
    select
        country_cell,
        person_id,
        bool_or(is_participant) as participant,
        bool_or(is_organizer) as organizer
    from query_table(flags)
    group by country_cell, person_id
),

cells as (
    select
        country_cell,
        nullif(count(*) filter (where participant), 0) as participants,
        nullif(count(*) filter (where organizer), 0) as organizers
    from people
    group by country_cell
)

select
    n.fiscal_year,
    n.region,
    'ALL' as theme,
    'ALL' as program_type,
    n.country,
    c.participants,
    c.organizers,
    null::bigint as mentors,
    null::bigint as mentees,
    null::bigint as new_editors_dashboard,
    null::bigint as new_editors_event_metrics,
    null::bigint as returning_participants,
    null::bigint as retained_participants
from cells c
join (select distinct country_cell, fiscal_year, region, country from program_facts) n
    using (country_cell);

-- Distinct participants of funded grants with at least one linked program, by the grant's
-- fiscal year and region (and 'ALL').
create or replace macro marts.grant_reach_people(flags) as table
with grants as (
    select grant_id, fiscal_year, coalesce(region_code, 'unknown') as region
    from core.grants
    where status = 'funded'
      and fiscal_year is not null
      and grant_id in (select grant_id from program_facts)
),

grant_participants as (
    select pr.grant_id, f.person_id
    from query_table(flags) f
    join program_facts pr using (program_no)
    where f.is_participant and pr.grant_id is not null
)

select
    g.fiscal_year,
    coalesce(g.region, 'ALL') as region,
    bit_count(bitstring_agg(p.person_id)) as participants
from grants g
join grant_participants p using (grant_id)
group by grouping sets ((g.fiscal_year, g.region), (g.fiscal_year));

-- Organizers of year t (organizer, facilitator or volunteer in a program starting in t) and
-- those among them who organize again in t + 1, per region and 'ALL'; a year with no next
-- fiscal year in core.fiscal_years has none.
create or replace macro marts.next_fiscal_years() as table
select y.fiscal_year, n.fiscal_year as next_fiscal_year
from core.fiscal_years y
join core.fiscal_years n on n.start_date = y.end_date + 1;

create or replace macro marts.organizer_counts(flags) as table
with organizing as (
    select distinct f.person_id, c.fiscal_year, c.region
    from (select distinct person_id, region_cell from query_table(flags) where is_organizer) f
    join (select distinct region_cell, fiscal_year, region from program_facts) c
        using (region_cell)
),

organizer_years as (
    select distinct person_id, fiscal_year from organizing
),

flagged as (
    select o.*, n.person_id is not null as organizes_next_year
    from organizing o
    join marts.next_fiscal_years() y using (fiscal_year)
    left join organizer_years n
        on n.person_id = o.person_id and n.fiscal_year = y.next_fiscal_year
)

select
    fiscal_year,
    coalesce(region, 'ALL') as region,
    count(distinct person_id) as organizers,
    count(distinct person_id) filter (where organizes_next_year) as retained_organizers
from flagged
group by grouping sets ((fiscal_year, region), (fiscal_year));

-- Retention is unknown (NULL) for the last fiscal year with programs.
create or replace macro marts.retention_known() as table
select fiscal_year, next_fiscal_year <= (select max(fiscal_year) from core.programs) as known
from marts.next_fiscal_years();

-- Per program, people counted once each (a person who is both participant and mentee of a
-- program is one person there): participants, new editors by both definitions, returning and
-- retained participants. Each person × program with a participant or mentee row has one
-- `is_participation` row (see person_programs), and these flags are the person's in the
-- program whichever of those rows they are read on, so counting those rows counts people.
create or replace macro marts.program_people_counts(flags) as table
select
    program_no,
    count(*) filter (where is_participation) as participants,
    count(*) filter (where is_participation and is_new_editor_dashboard)
        as new_editors_dashboard,
    count(*) filter (where is_participation and is_new_editor_event_metrics)
        as new_editors_event_metrics,
    count(*) filter (where is_participation and is_returning) as returning_participants,
    count(*) filter (where is_participation and is_retained) as retained_participants
from query_table(flags)
group by program_no;

-- Distinct participants of all a grant's programs, for cost per participant (grouped by the
-- grant's number, then named).
create or replace macro marts.grant_participant_counts(flags) as table
with counts as (
    select pr.grant_no, count(distinct f.person_id) as grant_participants
    from query_table(flags) f
    join program_facts pr using (program_no)
    where f.is_participant and pr.grant_no is not null
    group by pr.grant_no
)

select g.grant_id, c.grant_participants
from counts c
join (select distinct grant_no, grant_id from program_facts) g using (grant_no);

-- Everyone's facts, flags and cells. These temp tables are read by grouping and joining alone,
-- never in the order of their rows: not keeping that order lets both threads write them (at 10M
-- rows each such write took a core for over a second). The marts keep it (reset below).
set preserve_insertion_order = false;

create or replace temp table person_programs as
from marts.person_programs('core.participation', 'core.people');

create or replace temp table person_histories as
from marts.person_histories('person_programs');

create or replace temp table participation_flags as
from marts.participation_flags('person_programs', 'person_histories');

create or replace temp table program_measures as
from marts.program_measures('person_programs');

-- Everything further reads the flags: the widest table of all goes before the cells' bitstrings
-- need their memory (at 10M rows, with it kept, the cells spilled to disk).
drop table person_programs;

create or replace temp table programs_measured as
select
    p.*,
    coalesce(m.participations, 0) as participations,
    coalesce(m.edits, 0) as edits,
    coalesce(m.bytes_added, 0) as bytes_added,
    coalesce(m.articles_created, 0) as articles_created,
    coalesce(m.articles_edited, 0) as articles_edited,
    coalesce(m.uploads, 0) as uploads
from program_facts p
left join program_measures m using (program_no);

create or replace temp table people_cells as from marts.people_by_region('participation_flags');

insert into people_cells from marts.people_by_theme('participation_flags');

insert into people_cells from marts.people_by_program_type('participation_flags');

insert into people_cells from marts.people_by_country('participation_flags');

reset preserve_insertion_order;

-- Counts computed for a kind of cell are 0 when nobody is in it; the others stay NULL.
create or replace table marts.participation_cells as
with final as (
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
    from marts.program_cells('programs_measured') c
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

awarded as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        count(*) as grants_with_programs,
        coalesce(sum(amount_awarded_usd), 0) as awarded_usd
    from grants
    group by grouping sets ((fiscal_year, region), (fiscal_year))
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
    left join marts.grant_reach_people('participation_flags') r using (fiscal_year, region)
)

select * from final;

-- Organizer retention per fiscal year and region (see organizer_counts).
create or replace table marts.organizer_retention as
select
    row_number() over (order by c.fiscal_year, c.region) as row_id,
    c.fiscal_year,
    c.region,
    c.organizers,
    case when k.known then c.retained_organizers end as retained_organizers
from marts.organizer_counts('participation_flags') c
join marts.retention_known() k using (fiscal_year);

-- One row per program with what it produced, for the program-level view (which programs
-- brought new editors?), with the definitions above: people counted once each per program,
-- the content of its participations (a mentee who is also a participant once), and the awarded
-- USD of the program's funded grant with the distinct participants of all that grant's
-- programs, for cost per participant. The query layer hides its people counts
-- (queries/people.py).
create or replace table marts.program_outcomes as
with funded_grants as (
    select grant_id, amount_awarded_usd::double as grant_awarded_usd
    from core.grants
    where status = 'funded'
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
        p.edits::bigint as edits,
        p.bytes_added::bigint as bytes_added,
        p.articles_created::bigint as articles_created,
        p.articles_edited::bigint as articles_edited,
        p.uploads::bigint as uploads,
        g.grant_awarded_usd,
        gp.grant_participants
    from programs_measured p
    left join marts.program_people_counts('participation_flags') o using (program_no)
    left join themes t using (program_id)
    left join funded_grants g on g.grant_id = p.grant_id
    left join marts.grant_participant_counts('participation_flags') gp on gp.grant_id = p.grant_id
)

select * from final;

-- Each person's first date at the program-based pathway stages: 1 (first program, any role),
-- 2 (second program), 3 (first as organizer, facilitator or volunteer), 4 (first as trainer or
-- mentor in a program); their cohort (fiscal year of the first program) and region (of the
-- first program). pathway.sql adds the roles and grants.
create or replace macro marts.pathway_dates_of(person_histories, person_numbers) as table
select
    i.person_key,
    h.first_fiscal_year as cohort,
    h.first_region as region,
    h.first_start as participant_on,
    h.second_start as returning_on,
    h.first_organizer_start as organizer_on,
    h.first_trainer_start as trainer_on
from query_table(person_histories) h
join query_table(person_numbers) i using (person_id);

-- person_key is stored uncompressed, as core.people's (schema.sql): compressing a million
-- distinct 64-character keys costs ~0.8 CPU s of each full build, for ~30 MB of file.
create or replace table marts.pathway_program_dates (
    person_key varchar using compression uncompressed,
    cohort varchar,
    region varchar,
    participant_on date,
    returning_on date,
    organizer_on date,
    trainer_on date
);

insert into marts.pathway_program_dates
from marts.pathway_dates_of('person_histories', 'core.people');

drop table people_cells;

drop table programs_measured;

drop table program_measures;

drop table participation_flags;

drop table person_histories;

drop table program_theme_facts;

drop table program_facts;
