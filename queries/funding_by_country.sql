-- Funding per country over the fiscal years selected, for the countries map. Filters (empty =
-- all): $fiscal_years, $regions, $funds, $themes.
with cells as (
    select *
    from marts.funding_cells
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

countries as (
    select country_code as country, alpha3, name as country_name from core.countries
),

by_country as (
    select
        country,
        region,
        sum(grants_decided) as grants_decided,
        sum(grants_funded) as grants_funded,
        sum(requested_usd)::double as requested_usd,
        sum(awarded_usd)::double as awarded_usd
    from cells
    group by country, region
),

final as (
    select
        b.country,
        c.alpha3,
        c.country_name,
        b.region,
        b.grants_decided,
        b.grants_funded,
        b.grants_funded / nullif(b.grants_decided, 0) as approval_rate,
        b.requested_usd,
        b.awarded_usd
    from by_country b
    left join countries c using (country)
)

select * from final
order by awarded_usd desc, country;
