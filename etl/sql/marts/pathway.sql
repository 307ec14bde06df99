-- Leadership pathway marts (SPEC §5 Leadership pathway). Stages: 1 participant (took part in a
-- program, any role) · 2 returning (took part in a second program) · 3 organizer (organizer,
-- facilitator or volunteer) · 4 trainer / mentor (that role in a program, or a mentor or trainer
-- role) · 5 grant lead (lead of a funded grant from its decision date, or a grant_lead role)
-- · 6 committee / board (committee_member or affiliate_board role). Program-based stages are
-- dated by the program's start; stage 2 by the start of the person's second program.
--
-- The pathway's people are everyone who reached any stage, grant leads and committee or board
-- members who never took part in a recorded program included (SPEC §5). "Reached stage s"
-- means the person's highest stage is s or above, so the date a person reached s is the
-- earliest date of any stage s or above. A person's cohort is the fiscal year of the first
-- stage they reached, their region that of the program, grant or role that got them there.
-- Only aggregates leave the warehouse, and only through the query layer's suppression.
-- Builds on marts.pathway_program_dates, written by participation.sql (which runs first).
-- The counts built on marts.pathway_people are in pathway_counts.sql; leader attrition and
-- leadership rotation, which read roles alone, in pathway_leaders.sql.

-- One row per person from `program_dates` (rows of marts.pathway_program_dates), `grants`,
-- `roles` and `people` (rows of core.grants, core.roles and core.people): a person's row
-- depends on their own rows only, so a small participation load replaces the rows of the
-- people it touched with this same macro (delta/pathway.sql).
create or replace macro marts.pathway_people_of(program_dates, grants, roles, people) as table
with
-- A role's region: its country's, else its body's (a regional committee is named after its
-- region, an affiliate board after its organization).
role_regions as (
    select
        r.person_key,
        r.role,
        r.start_date,
        coalesce(c.region_code, committee.region_code, org_country.region_code, 'unknown')
            as region
    from query_table(roles) r
    left join core.countries c on c.country_code = r.country_code
    left join core.regions committee
        on r.body like committee.region_code || ' Regional %'
    left join core.organizations o on o.name = r.body
    left join core.countries org_country on org_country.country_code = o.country_code
),

-- The dated events outside programs that bring a person to a stage: funded grants led (5)
-- and roles outside events (4-6), each with the region it happened in. `source` orders
-- same-day events: a program before a grant before a role.
other_events as (
    select g.lead_person_key as person_key, 5 as stage_number, g.decision_date as reached_on,
           coalesce(c.region_code, g.region_code, 'unknown') as region, 2 as source
    from query_table(grants) g
    left join core.countries c on c.country_code = g.country_code
    where g.status = 'funded' and g.lead_person_key is not null and g.decision_date is not null
    union all
    select person_key,
           case role when 'grant_lead' then 5 when 'mentor' then 4 when 'trainer' then 4 else 6 end,
           start_date, region, 3
    from role_regions
),

-- People with such events: their program dates become events too (stages 1-4, the region on
-- the first program's), and the first event of each person fixes their cohort and region (a
-- program's region is that of the first program, lower program id on a tie, as
-- participation.sql chose it), and each stage's first date: one pass over the events.
mixed_people as materialized (
    select distinct person_key from other_events
),

mixed_programs as materialized (
    select * from query_table(program_dates) semi join mixed_people using (person_key)
),

mixed_events as (
    select person_key, 1 as stage_number, participant_on as reached_on, region, 1 as source
    from mixed_programs
    union all
    select person_key, 2, returning_on, null, 1 from mixed_programs where returning_on is not null
    union all
    select person_key, 3, organizer_on, null, 1 from mixed_programs where organizer_on is not null
    union all
    select person_key, 4, trainer_on, null, 1 from mixed_programs where trainer_on is not null
    union all
    select * from other_events
),

-- Everyone else (nearly everyone) has only their one row of program dates, which already are
-- each stage's first date: the first program starts no later than any other (so it is the
-- first event, and its region the person's), and its start is never null. Grouping them by
-- their 64-character keys, as the few above are, cost ~2 CPU s at ten million rows.
stage_dates as (
    select
        person_key,
        region,
        participant_on as first_on,
        participant_on as stage_1_on,
        returning_on as stage_2_on,
        organizer_on as stage_3_on,
        trainer_on as stage_4_on,
        null::date as stage_5_on,
        null::date as stage_6_on
    from query_table(program_dates)
    anti join mixed_people using (person_key)
    union all
    select
        person_key,
        arg_min(region, (reached_on, source, stage_number)) as region,
        min(reached_on) as first_on,
        min(reached_on) filter (where stage_number = 1) as stage_1_on,
        min(reached_on) filter (where stage_number = 2) as stage_2_on,
        min(reached_on) filter (where stage_number = 3) as stage_3_on,
        min(reached_on) filter (where stage_number = 4) as stage_4_on,
        min(reached_on) filter (where stage_number = 5) as stage_5_on,
        min(reached_on) filter (where stage_number = 6) as stage_6_on
    from mixed_events
    group by person_key
),

final as (
    select
        s.person_key,
        fiscal_year(s.first_on) as cohort,
        s.region,
        coalesce(pe.gender, 'unknown') as gender,
        s.first_on as reached_1_on,
        least(s.stage_2_on, s.stage_3_on, s.stage_4_on, s.stage_5_on, s.stage_6_on)
            as reached_2_on,
        least(s.stage_3_on, s.stage_4_on, s.stage_5_on, s.stage_6_on) as reached_3_on,
        least(s.stage_4_on, s.stage_5_on, s.stage_6_on) as reached_4_on,
        least(s.stage_5_on, s.stage_6_on) as reached_5_on,
        s.stage_6_on as reached_6_on,
        case
            when s.stage_6_on is not null then 6
            when s.stage_5_on is not null then 5
            when s.stage_4_on is not null then 4
            when s.stage_3_on is not null then 3
            when s.stage_2_on is not null then 2
            else 1
        end as highest_stage
    from stage_dates s
    left join query_table(people) pe using (person_key)
)

select * from final;

-- person_key is stored uncompressed, as core.people's (schema.sql): compressing a million
-- distinct 64-character keys costs ~0.8 CPU s of each full build, for ~30 MB of file.
create or replace table marts.pathway_people (
    person_key varchar using compression uncompressed,
    cohort varchar,
    region varchar,
    gender varchar,
    reached_1_on date,
    reached_2_on date,
    reached_3_on date,
    reached_4_on date,
    reached_5_on date,
    reached_6_on date,
    highest_stage integer
);

insert into marts.pathway_people
from marts.pathway_people_of('marts.pathway_program_dates', 'core.grants', 'core.roles', 'core.people');
