-- Funding per fiscal year and region, with an 'ALL' row per fiscal year totalling the regions
-- selected (SPEC §5 Funding). Grants count in the fiscal year of their decision. Filters
-- (empty = all): $fiscal_years, $regions, $funds, $themes (grants carrying any chosen theme,
-- each grant once).
with cells as (
    select *
    from marts.funding_cells
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

region_context as (
    select *
    from marts.region_year_context
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
),

funding as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        sum(grants_decided) as grants_decided,
        sum(grants_funded) as grants_funded,
        sum(requested_usd)::double as requested_usd,
        sum(awarded_usd)::double as awarded_usd,
        sum(funded_requested_usd)::double as funded_requested_usd,
        sum(funded_awarded_with_request_usd)::double as funded_awarded_with_request_usd,
        sum(first_time_grantees) as first_time_grantees,
        sum(first_time_awarded_usd)::double as first_time_awarded_usd,
        count(distinct country) filter (where grants_funded > 0) as countries_reached,
        list_median(flatten(list(days_to_decision)))::double as median_days_to_decision
    from cells
    group by grouping sets ((fiscal_year, region), (fiscal_year))
),

context as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        sum(budget_usd)::double as budget_usd,
        sum(active_editors)::double as active_editors
    from region_context
    group by grouping sets ((fiscal_year, region), (fiscal_year))
),

final as (
    select
        f.fiscal_year,
        f.region,
        f.grants_decided,
        f.grants_funded,
        f.grants_funded / nullif(f.grants_decided, 0) as approval_rate,
        f.requested_usd,
        f.awarded_usd,
        f.funded_awarded_with_request_usd / nullif(f.funded_requested_usd, 0) as funding_ratio,
        f.first_time_grantees,
        f.first_time_grantees / nullif(f.grants_funded, 0) as first_time_share_count,
        f.first_time_awarded_usd / nullif(f.awarded_usd, 0) as first_time_share_amount,
        f.countries_reached,
        f.median_days_to_decision,
        c.budget_usd,
        f.awarded_usd / nullif(c.budget_usd, 0) as budget_utilisation,
        c.active_editors,
        f.awarded_usd / nullif(c.active_editors / 1000, 0) as awarded_per_1000_active_editors
    from funding f
    left join context c using (fiscal_year, region)
)

select * from final
order by fiscal_year, region = 'ALL', region;
