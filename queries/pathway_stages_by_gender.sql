-- Pathway stages by self-reported gender ('unknown' when not given, and 'ALL'): people who
-- reached each stage, and that as a share of the gender's people at stage 1. Counts come
-- suppressed (SPEC §6), and so does a share when either count is hidden. Filters: $fiscal_years
-- (cohorts) and $regions: one row set per chosen cohort / region, or 'ALL' when none.
with cells as (
    select *
    from marts.pathway_stage_counts_suppressed($k)
    where marts.row_set_chosen($fiscal_years, cohort)
      and marts.row_set_chosen($regions, region)
),

final as (
    select
        cohort,
        region,
        gender,
        stage_number,
        stage,
        people_reached,
        people_reached_suppressed,
        people_current,
        people_current_suppressed,
        people_reached / nullif(
            first_value(people_reached) over (
                partition by cohort, region, gender order by stage_number
            ), 0
        ) as share_reached
    from cells
)

select * from final
order by cohort, region, gender = 'ALL', gender, stage_number;
