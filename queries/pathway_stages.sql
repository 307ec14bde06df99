-- The leadership pathway funnel per cohort (fiscal year of first participation, and 'ALL') and
-- region (of the first program, and 'ALL'): people who reached each stage (highest stage at or
-- above it) and people currently at it (highest stage exactly). Counts come suppressed
-- (SPEC §6). Filters (empty = all, 'ALL' rows included): $fiscal_years (cohorts), $regions.
with cells as (
    select *
    from marts.pathway_stage_counts_suppressed($k)
    where gender = 'ALL'
      and marts.chosen($fiscal_years, cohort)
      and marts.chosen($regions, region)
),

final as (
    select
        cohort,
        region,
        stage_number,
        stage,
        people_reached,
        people_reached_suppressed,
        people_current,
        people_current_suppressed
    from cells
)

select * from final
order by cohort = 'ALL', cohort, region = 'ALL', region, stage_number;
