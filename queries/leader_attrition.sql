-- Leader attrition per fiscal year and region ('ALL': people counted once): people holding a
-- grant_lead, committee_member or affiliate_board role during year t, and those among them with
-- no such role active on the first day of t + 1. People counts are suppressed by the query
-- layer for the whole view (SPEC §6). Filters: $fiscal_years (empty = all); $regions: one row
-- set per chosen region, or 'ALL' when none.
with cells as (
    select *
    from marts.leader_attrition
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
),

final as (
    select
        fiscal_year,
        region,
        leaders,
        leaving_leaders,
        leaving_leaders / nullif(leaders, 0) as attrition_rate
    from cells
    where leaders > 0
)

select * from final
order by fiscal_year, region = 'ALL', region;
