-- Pathway stages by self-reported gender (woman, man, non_binary; 'not_given' for no answer or
-- prefer not to say; and 'ALL'): people who
-- reached each stage, that as a share of the gender's people at stage 1 (`people_base`), and
-- representation: the gender's share of the people who reached the stage (`people_at_stage`)
-- beside its share of everyone on the pathway (`people_everyone`); a ratio of the two below 1
-- means the group thins out on the way up (SPEC §5). People at the stage now (`people_current`)
-- are given for 'ALL' only. People counts are suppressed by the query layer for the whole view
-- (SPEC §6). Filters: $fiscal_years (cohorts) and $regions: one row set per chosen cohort / region, or 'ALL'.
with cells as (
    -- "prefer not to say" and no answer are one category, 'not_given': both are small at the
    -- higher stages, and apart each would have to be hidden (SPEC §6: merge small categories)
    select
        cohort,
        region,
        if(gender in ('unknown', 'prefer_not_to_say'), 'not_given', gender) as gender,
        stage_number,
        stage,
        sum(people_reached)::bigint as people_reached,
        sum(people_current)::bigint as people_current
    from marts.pathway_stage_counts
    where marts.row_set_chosen($fiscal_years, cohort)
      and marts.row_set_chosen($regions, region)
    group by all
),

with_bases as (
    select
        *,
        first_value(people_reached) over (
            partition by cohort, region, gender order by stage_number
        ) as people_base,
        first_value(people_reached) over (
            partition by cohort, region, stage_number order by gender = 'ALL' desc
        ) as people_at_stage,
        first_value(people_reached) over (
            partition by cohort, region order by gender = 'ALL' desc, stage_number
        ) as people_everyone
    from cells
),

final as (
    select
        cohort,
        region,
        gender,
        stage_number,
        stage,
        people_reached,
        if(gender = 'ALL', people_current, null) as people_current,
        people_base,
        people_at_stage,
        people_everyone,
        people_reached / nullif(people_base, 0) as share_reached,
        people_reached / nullif(people_at_stage, 0) as share_of_stage,
        people_base / nullif(people_everyone, 0) as share_of_participants
    from with_bases
)

select * from final
order by cohort, region, gender = 'ALL', gender, stage_number;
