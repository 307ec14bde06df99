-- Leadership pathway counts (SPEC §5 Leadership pathway), built on marts.pathway_people
-- (pathway.sql, which runs first): people per stage, conversions between stages and the flows
-- between them. Only aggregates leave the warehouse, and only through the query layer's
-- suppression.

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
