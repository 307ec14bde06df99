-- Pathway cohorts (fiscal year of the first stage reached): people of each cohort who reached
-- each stage, and that as a share of the cohort (stage 1, `people_base`). People counts are
-- suppressed by the query layer for the whole view (SPEC §6). Filters: $fiscal_years (cohorts;
-- empty = all); $regions: one row set per chosen region, or 'ALL' when none.
with cells as (
    select *
    from marts.pathway_stage_counts
    where gender = 'ALL'
      and cohort <> 'ALL'
      and marts.chosen($fiscal_years, cohort)
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
        first_value(people_reached) over (partition by cohort, region order by stage_number)
            as people_base,
        people_reached / nullif(people_base, 0) as share_reached
    from cells
)

select * from final
order by region, cohort, stage_number;
