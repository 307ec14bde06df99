-- The leadership pathway by region (of the first program), for comparing regions: people who
-- reached each stage and that as a share of the region's people on the pathway (stage 1).
-- Counts come suppressed (SPEC §6), and so does a share when either count is hidden. Filters:
-- $regions (empty = every region); $fiscal_years (cohorts): one row set per chosen cohort, or
-- 'ALL' when none.
with cells as (
    select *
    from marts.pathway_stage_counts_suppressed($k)
    where gender = 'ALL'
      and region <> 'ALL'
      and marts.chosen($regions, region)
      and marts.row_set_chosen($fiscal_years, cohort)
),

final as (
    select
        cohort,
        region,
        stage_number,
        stage,
        people_reached,
        people_reached_suppressed,
        people_reached / nullif(
            first_value(people_reached) over (partition by cohort, region order by stage_number),
            0
        ) as share_reached
    from cells
)

select * from final
order by cohort, region, stage_number;
