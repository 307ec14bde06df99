-- The fiscal years in which programs of the regions and themes chosen started, newest first:
-- the Regions page shows the people of the newest on its countries map. No people counts.
-- Filters (empty = all): $fiscal_years, $regions, $themes.
with programs as (
    select fiscal_year
    from marts.program_outcomes
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.any_chosen($themes, themes)
),

final as (
    select distinct fiscal_year
    from programs
)

select * from final
order by fiscal_year desc;
