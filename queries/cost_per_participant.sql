-- Cost per participant of programs linked to a grant: awarded USD of funded grants with at
-- least one linked program, over the distinct participants of those programs, by the grant's
-- fiscal year and region ('ALL': people counted once). The participants, and the cost that
-- gives them away, are suppressed by the query layer (SPEC §6; queries/people.py).
-- Filters (empty = all): $fiscal_years, $regions.
with cells as (
    select *
    from marts.grant_reach
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
),

final as (
    select
        fiscal_year,
        region,
        grants_with_programs,
        awarded_usd::double as awarded_usd,
        participants,
        awarded_usd::double / nullif(participants, 0) as cost_per_participant
    from cells
)

select * from final
order by fiscal_year, region = 'ALL', region;
