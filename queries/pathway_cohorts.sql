-- Pathway cohorts (fiscal year of first participation): people of each cohort who reached each
-- stage, and that as a share of the cohort (stage 1). Counts come suppressed (SPEC §6), and so
-- does a share when either count is hidden. Filters: $fiscal_years (cohorts; empty = all);
-- $regions: one row set per chosen region, or 'ALL' when none.
with cells as (
    select *
    from marts.pathway_stage_counts_suppressed($k)
    where gender = 'ALL'
      and cohort <> 'ALL'
      and marts.chosen($fiscal_years, cohort)
      and marts.row_set_chosen($regions, region)
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
order by region, cohort, stage_number;
