-- The leadership pathway funnel per cohort (fiscal year of the first stage reached, and 'ALL')
-- and region (of the program, grant or role that got the person there, and 'ALL'): people who
-- reached each stage (highest stage at or above it) and people currently at it (highest stage
-- exactly). People counts are suppressed by the query layer for the whole view (SPEC §6).
-- Filters (empty = all, 'ALL' rows included): $fiscal_years (cohorts), $regions.
with cells as (
    select *
    from marts.pathway_stage_counts
    where gender = 'ALL'
      and marts.chosen($fiscal_years, cohort)
      and marts.chosen($regions, region)
),

final as (
    select cohort, region, gender, stage_number, stage, people_reached, people_current
    from cells
)

select * from final
order by cohort = 'ALL', cohort, region = 'ALL', region, stage_number;
