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

create or replace table marts.pathway_people as
with program_dates as (
    select * from marts.pathway_program_dates
),

-- A role's region: its country's, else its body's (a regional committee is named after its
-- region, an affiliate board after its organization).
role_regions as (
    select
        r.person_key,
        r.role,
        r.start_date,
        coalesce(c.region_code, committee.region_code, org_country.region_code, 'unknown')
            as region
    from core.roles r
    left join core.countries c on c.country_code = r.country_code
    left join core.regions committee
        on r.body like committee.region_code || ' Regional %'
    left join core.organizations o on o.name = r.body
    left join core.countries org_country on org_country.country_code = o.country_code
),

-- Every dated event that brings a person to a stage: from programs (stages 1-4), funded grants
-- led (5) and roles outside events (4-6), each with the region it happened in. `source` orders
-- same-day events: a program before a grant before a role.
events as (
    select person_key, 1 as stage_number, participant_on as reached_on, region, 1 as source
    from program_dates
    union all
    select person_key, 2, returning_on, null, 1 from program_dates where returning_on is not null
    union all
    select person_key, 3, organizer_on, null, 1 from program_dates where organizer_on is not null
    union all
    select person_key, 4, trainer_on, null, 1 from program_dates where trainer_on is not null
    union all
    select g.lead_person_key, 5, g.decision_date,
           coalesce(c.region_code, g.region_code, 'unknown'), 2
    from core.grants g
    left join core.countries c on c.country_code = g.country_code
    where g.status = 'funded' and g.lead_person_key is not null and g.decision_date is not null
    union all
    select person_key,
           case role when 'grant_lead' then 5 when 'mentor' then 4 when 'trainer' then 4 else 6 end,
           start_date, region, 3
    from role_regions
),

-- The first event of each person fixes their cohort and region (a program's region is that of
-- the first program, lower program id on a tie, as participation.sql chose it).
firsts as (
    select
        person_key,
        arg_min(region, (reached_on, source, stage_number)) as region,
        min(reached_on) as first_on
    from events
    group by person_key
),

stage_dates as (
    select
        person_key,
        min(reached_on) filter (where stage_number = 1) as stage_1_on,
        min(reached_on) filter (where stage_number = 2) as stage_2_on,
        min(reached_on) filter (where stage_number = 3) as stage_3_on,
        min(reached_on) filter (where stage_number = 4) as stage_4_on,
        min(reached_on) filter (where stage_number = 5) as stage_5_on,
        min(reached_on) filter (where stage_number = 6) as stage_6_on
    from events
    group by person_key
),

final as (
    select
        s.person_key,
        fiscal_year(f.first_on) as cohort,
        f.region,
        coalesce(pe.gender, 'unknown') as gender,
        f.first_on as reached_1_on,
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
    join firsts f using (person_key)
    left join core.people pe using (person_key)
)

select * from final;

create or replace table marts.pathway_stages as
select * from (
    values
        (1, 'participant', 'Participant'),
        (2, 'returning', 'Returning participant'),
        (3, 'organizer', 'Organizer'),
        (4, 'trainer_mentor', 'Trainer or mentor'),
        (5, 'grant_lead', 'Grant lead'),
        (6, 'committee_board', 'Committee or board member')
) as stages (stage_number, stage, stage_name);

-- People per cohort × region × gender (each also 'ALL') × stage: reached (highest stage at or
-- above) and current (highest stage exactly).
create or replace table marts.pathway_stage_counts as
with people as (
    select cohort, region, gender, highest_stage from marts.pathway_people
),

by_highest_stage as (
    select
        coalesce(cohort, 'ALL') as cohort,
        coalesce(region, 'ALL') as region,
        coalesce(gender, 'ALL') as gender,
        highest_stage,
        count(*) as people
    from people
    group by grouping sets (
        (cohort, region, gender, highest_stage),
        (cohort, region, highest_stage),
        (cohort, gender, highest_stage),
        (region, gender, highest_stage),
        (cohort, highest_stage),
        (region, highest_stage),
        (gender, highest_stage),
        (highest_stage)
    )
),

cells as (
    select distinct cohort, region, gender from by_highest_stage
),

final as (
    select
        row_number() over (order by c.cohort, c.region, c.gender, s.stage_number) as row_id,
        c.cohort,
        c.region,
        c.gender,
        s.stage_number,
        s.stage,
        coalesce(sum(b.people) filter (where b.highest_stage >= s.stage_number), 0)::bigint
            as people_reached,
        coalesce(sum(b.people) filter (where b.highest_stage = s.stage_number), 0)::bigint
            as people_current
    from cells c
    cross join marts.pathway_stages s
    left join by_highest_stage b using (cohort, region, gender)
    group by c.cohort, c.region, c.gender, s.stage_number, s.stage
)

select * from final;

-- Moving up from a stage. A person was *at* stage s when they reached it before any higher
-- stage (reached s on a day when their highest stage was s). They converted within 12 (24)
-- months when they reached a higher stage no later than the same calendar day 12 (24) months
-- after reaching s. Days to the next stage are counted over those who moved up at all.
create or replace temp table pathway_steps as
with people as (
    select
        region,
        [reached_1_on, reached_2_on, reached_3_on, reached_4_on, reached_5_on, reached_6_on]
            as reached_on
    from marts.pathway_people
),

steps as (
    select
        region,
        stage_number,
        reached_on[stage_number] as entered_on,
        reached_on[stage_number + 1] as next_on,
        -- the highest stage held from the day of moving up: all stages reached that same day
        stage_number + len(
            list_filter(
                reached_on[stage_number + 1:], lambda d: d = reached_on[stage_number + 1]
            )
        ) as next_stage_number
    from people, range(1, 6) as stages (stage_number)
    where reached_on[stage_number] is not null
),

final as (
    select
        region,
        stage_number as from_stage_number,
        if(next_on is null, null, next_stage_number) as next_stage_number,
        next_on - entered_on as days_to_next,
        next_on <= entered_on + interval 12 month as converted_12m,
        next_on <= entered_on + interval 24 month as converted_24m
    from steps
    where next_on is null or next_on > entered_on
)

select * from final;

-- Per region (and 'ALL') and stage moved from: people at that stage, converted within 12 and 24
-- months, not (yet) moved on, and the median days to the next stage.
create or replace table marts.pathway_transition_counts as
with steps as (
    select * from pathway_steps
),

counts as (
    select
        coalesce(region, 'ALL') as region,
        from_stage_number,
        count(*) as people,
        count(*) filter (where converted_12m) as converted_12m,
        count(*) filter (where converted_24m) as converted_24m,
        count(*) filter (where days_to_next is null) as not_converted,
        median(days_to_next) as median_days_to_next
    from steps
    group by grouping sets ((region, from_stage_number), (from_stage_number))
),

regions as (
    select distinct region from counts
),

final as (
    select
        row_number() over (order by r.region, s.stage_number) as row_id,
        r.region,
        s.stage_number as from_stage_number,
        s.stage as from_stage,
        coalesce(c.people, 0) as people,
        coalesce(c.converted_12m, 0) as converted_12m,
        coalesce(c.converted_24m, 0) as converted_24m,
        coalesce(c.not_converted, 0) as not_converted,
        c.median_days_to_next
    from regions r
    cross join marts.pathway_stages s
    left join counts c on c.region = r.region and c.from_stage_number = s.stage_number
    where s.stage_number < 6
)

select * from final;

-- Where people at a stage went next: the highest stage they held on the day they moved up.
create or replace table marts.pathway_flows as
with steps as (
    select region, from_stage_number, next_stage_number as to_stage_number
    from pathway_steps
    where next_stage_number is not null
),

flows as (
    select
        coalesce(region, 'ALL') as region,
        from_stage_number,
        to_stage_number,
        count(*) as people
    from steps
    group by grouping sets (
        (region, from_stage_number, to_stage_number), (from_stage_number, to_stage_number)
    )
),

final as (
    select
        row_number() over (order by f.region, f.from_stage_number, f.to_stage_number)
            as row_id,
        f.region,
        f.from_stage_number,
        a.stage as from_stage,
        f.to_stage_number,
        b.stage as to_stage,
        f.people
    from flows f
    join marts.pathway_stages a on a.stage_number = f.from_stage_number
    join marts.pathway_stages b on b.stage_number = f.to_stage_number
)

select * from final;

drop table pathway_steps;

-- Leaders of year t: people holding a grant_lead, committee_member or affiliate_board role at
-- any time in t; leaving when no such role of theirs is active on the first day of t + 1. Per
-- region of the role's country, and 'ALL'; years up to the last one with any data.
create or replace table marts.leader_attrition as
with fiscal_years as (
    select fiscal_year, start_date, end_date from core.fiscal_years
),

leader_roles as (
    select r.person_key, coalesce(c.region_code, 'unknown') as region, r.start_date, r.end_date
    from core.roles r
    left join core.countries c on c.country_code = r.country_code
    where r.role in ('grant_lead', 'committee_member', 'affiliate_board')
),

last_data_year as (
    select max(fiscal_year) as fiscal_year
    from (
        select fiscal_year from core.programs
        union all
        select fiscal_year from core.grants
        union all
        select fiscal_year(start_date) from core.roles
    )
),

leader_years as (
    select distinct y.fiscal_year, y.end_date + 1 as next_year_start, r.person_key, r.region
    from leader_roles r
    join fiscal_years y
        on r.start_date <= y.end_date and (r.end_date is null or r.end_date >= y.start_date)
    cross join last_data_year l
    where y.fiscal_year <= l.fiscal_year
),

continuing as (
    select distinct l.fiscal_year, l.person_key
    from leader_years l
    join leader_roles r
        on r.person_key = l.person_key
        and r.start_date <= l.next_year_start
        and (r.end_date is null or r.end_date >= l.next_year_start)
),

counts as (
    select
        l.fiscal_year,
        coalesce(l.region, 'ALL') as region,
        count(distinct l.person_key) as leaders,
        count(distinct l.person_key) filter (where c.person_key is null) as leaving_leaders
    from leader_years l
    left join continuing c using (fiscal_year, person_key)
    group by grouping sets ((l.fiscal_year, l.region), (l.fiscal_year))
),

final as (
    select row_number() over (order by fiscal_year, region) as row_id, *
    from counts
)

select * from final;

-- Leadership rotation (SPEC §5 Equity and renewal of leadership), per fiscal year: for each
-- Regional Fund Committee, for all committees and for all affiliate boards together ('ALL'
-- body), the people holding a seat at any time in the year (`seats`), those among them in their
-- first two fiscal years in that body (`new_seats`), and the median tenure: years from their
-- first day in the body to the end of the year (or of their last seat, if earlier). Boards are
-- not shown one by one: most seat fewer than k people. Body type 'ALL': `seats` are the people
-- holding any leadership role (grant_lead, committee_member, affiliate_board) in the year, and
-- `multi_role_people` those holding two or more of them on one day of the year.
create or replace table marts.leadership_rotation as
with fiscal_years as (
    select fiscal_year, start_date, end_date from core.fiscal_years
),

seats as (
    select
        person_key,
        if(role = 'committee_member', 'committee', 'board') as body_type,
        body,
        start_date,
        coalesce(end_date, date '9999-12-31') as end_date
    from core.roles
    where role in ('committee_member', 'affiliate_board')
),

firsts as (
    select person_key, body_type, body, min(start_date) as first_on, max(end_date) as last_on
    from seats
    group by all
),

role_years as (
    select min(fiscal_year(start_date)) as first_year, max(fiscal_year(start_date)) as last_year
    from core.roles
),

held as (
    select distinct
        y.fiscal_year,
        s.body_type,
        s.body,
        s.person_key,
        fiscal_year(f.first_on) >= fiscal_year(y.start_date - interval 1 year) as is_new,
        (least(y.end_date, f.last_on) - f.first_on) / 365.25 as tenure_years
    from seats s
    join fiscal_years y on s.start_date <= y.end_date and s.end_date >= y.start_date
    join firsts f using (person_key, body_type, body)
    cross join role_years r
    where y.fiscal_year <= r.last_year
),

per_body as (
    select
        fiscal_year,
        body_type,
        coalesce(body, 'ALL') as body,
        count(distinct person_key) as seats,
        count(distinct person_key) filter (where is_new) as new_seats,
        median(tenure_years) as median_tenure_years
    from held
    group by grouping sets ((fiscal_year, body_type, body), (fiscal_year, body_type))
),

leader_roles as (
    select person_key, start_date, coalesce(end_date, date '9999-12-31') as end_date
    from core.roles
    where role in ('grant_lead', 'committee_member', 'affiliate_board')
),

leaders as (
    select y.fiscal_year, count(distinct r.person_key) as leaders
    from leader_roles r
    join fiscal_years y on r.start_date <= y.end_date and r.end_date >= y.start_date
    group by y.fiscal_year
),

multi_role as (
    -- two roles of one person that overlap within the year
    select y.fiscal_year, count(distinct a.person_key) as multi_role_people
    from leader_roles a
    join leader_roles b
        on a.person_key = b.person_key
        and (a.start_date, a.end_date) < (b.start_date, b.end_date)
        and a.start_date <= b.end_date
        and b.start_date <= a.end_date
    join fiscal_years y
        on greatest(a.start_date, b.start_date) <= y.end_date
        and least(a.end_date, b.end_date) >= y.start_date
    group by y.fiscal_year
),

final as (
    select fiscal_year, body_type, body, seats, new_seats, median_tenure_years,
           null::bigint as multi_role_people
    from per_body
    where body_type = 'committee' or body = 'ALL'
    union all
    select
        y.fiscal_year, 'ALL', 'ALL', coalesce(l.leaders, 0), null, null,
        coalesce(m.multi_role_people, 0)
    from fiscal_years y
    cross join role_years r
    left join leaders l using (fiscal_year)
    left join multi_role m using (fiscal_year)
    where y.fiscal_year between r.first_year and r.last_year
)

select * from final;
