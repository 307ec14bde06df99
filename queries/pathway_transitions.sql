-- Moving up the pathway, per region (of the first program, and 'ALL') and stage: people who
-- were at the stage (reached it before any higher one), those who reached a higher stage within
-- 12 and 24 calendar months (same day included), the rates, and the median days to the next
-- stage among those who moved up. Counts come suppressed (SPEC §6), and so do rates when either
-- count is hidden. Filters: $regions (empty = all, 'ALL' row included).
with cells as (
    select *
    from marts.pathway_transition_counts_suppressed($k)
    where marts.chosen($regions, region)
),

final as (
    select
        region,
        from_stage_number,
        from_stage,
        people,
        people_suppressed,
        converted_12m,
        converted_12m_suppressed,
        converted_24m,
        converted_24m_suppressed,
        converted_12m / nullif(people, 0) as rate_12m,
        converted_24m / nullif(people, 0) as rate_24m,
        median_days_to_next,
        median_days_to_next_suppressed
    from cells
)

select * from final
order by region = 'ALL', region, from_stage_number;
