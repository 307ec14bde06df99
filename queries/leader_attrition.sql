-- Leader attrition per fiscal year and region ('ALL': people counted once): people holding a
-- grant_lead, committee_member or affiliate_board role during year t, and those among them with
-- no such role active on the first day of t + 1. Counts come suppressed (SPEC §6), and so does
-- the rate when either count is hidden. Filters (empty = all): $fiscal_years, $regions.
with cells as (
    select *
    from marts.leader_attrition_suppressed($k)
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
),

final as (
    select
        fiscal_year,
        region,
        leaders,
        leaders_suppressed,
        leaving_leaders,
        leaving_leaders_suppressed,
        leaving_leaders / nullif(leaders, 0) as attrition_rate
    from cells
    where leaders_suppressed or leaders > 0
)

select * from final
order by fiscal_year, region = 'ALL', region;
