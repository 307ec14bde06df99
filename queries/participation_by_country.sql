-- Programs and people per fiscal year and country, for the countries map. People counts come
-- suppressed (SPEC §6), and protected countries never show any. Filters (empty = all):
-- $fiscal_years, $regions.
with cells as (
    select *
    from marts.participation_cells_suppressed($k)
    where country <> 'ALL'
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
        p.participants_suppressed,
        p.organizers,
        p.organizers_suppressed
    from cells p
    left join countries c using (country)
)

select * from final
order by fiscal_year, region, country;
