-- Programs and people per fiscal year and country. People counts are suppressed by the query
-- layer (SPEC §6; queries/people.py), and a protected country (`is_protected`) never shows any.
-- Filters (empty = all): $fiscal_years, $regions.
with cells as (
    select *
    from marts.participation_cells
    where country <> 'ALL'
      and theme = 'ALL'
      and program_type = 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
),

countries as (
    select country_code as country, alpha3, name as country_name, is_protected
    from core.countries
),

final as (
    select
        p.fiscal_year,
        p.region,
        p.country,
        c.alpha3,
        c.country_name,
        coalesce(c.is_protected, false) as is_protected,
        p.programs,
        p.participants,
        p.organizers
    from cells p
    left join countries c using (country)
)

select * from final
order by fiscal_year, region, country;
