-- Moving up the pathway, per region (and 'ALL') and stage: people who were at the stage
-- (reached it before any higher one), those who reached a higher stage within 12 and 24
-- calendar months (same day included), the rates, and the median days to the next stage among
-- the `people_moved_up` (a basis the query layer never shows). People counts are suppressed by
-- the query layer for the whole view (SPEC §6). Filters: $regions: one row set per chosen region, or 'ALL' when none.
with cells as (
    select *
    from marts.pathway_transition_counts
    where marts.row_set_chosen($regions, region)
),

final as (
    select
        region,
        from_stage_number,
        from_stage,
        people,
        converted_12m,
        converted_24m,
        converted_12m / nullif(people, 0) as rate_12m,
        converted_24m / nullif(people, 0) as rate_24m,
        median_days_to_next,
        people - not_converted as people_moved_up
    from cells
)

select * from final
order by region = 'ALL', region, from_stage_number;
