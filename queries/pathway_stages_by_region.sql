-- The leadership pathway by region, for comparing regions: people who reached each stage and
-- that as a share of the region's people on the pathway (stage 1, `people_base`). People counts
-- are suppressed by the query layer for the whole view (SPEC §6). Filters: $regions (empty =
-- every region); $fiscal_years (cohorts): one row set per chosen cohort, or 'ALL' when none.
with cells as (
    select *
    from marts.pathway_stage_counts
    where gender = 'ALL'
      and region <> 'ALL'
      and marts.chosen($regions, region)
      and marts.row_set_chosen($fiscal_years, cohort)
),

final as (
    select
        cohort,
        region,
        gender,
        stage_number,
        stage,
        people_reached,
        first_value(people_reached) over (partition by cohort, region order by stage_number)
            as people_base,
        people_reached / nullif(people_base, 0) as share_reached
    from cells
)

select * from final
order by cohort, region, stage_number;
