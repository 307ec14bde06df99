-- Funding per fiscal year and fund, with an 'ALL' row per fiscal year, and each fund's share
-- of the year's funded grants and awarded USD (e.g. Rapid: many grants, few dollars).
-- Filters (empty = all): $fiscal_years, $regions, $funds, $themes.
with cells as (
    select *
    from marts.funding_cells
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

by_fund as (
    select
        fiscal_year,
        coalesce(fund, 'ALL') as fund,
        sum(grants_decided) as grants_decided,
        sum(grants_funded) as grants_funded,
        sum(requested_usd)::double as requested_usd,
        sum(awarded_usd)::double as awarded_usd
    from cells
    group by grouping sets ((fiscal_year, fund), (fiscal_year))
),

final as (
    select
        f.fiscal_year,
        f.fund,
        f.grants_decided,
        f.grants_funded,
        f.grants_funded / nullif(f.grants_decided, 0) as approval_rate,
        f.requested_usd,
        f.awarded_usd,
        f.grants_funded / nullif(t.grants_funded, 0) as share_of_grants_funded,
        f.awarded_usd / nullif(t.awarded_usd, 0) as share_of_awarded_usd
    from by_fund f
    join by_fund t on t.fiscal_year = f.fiscal_year and t.fund = 'ALL'
)

select * from final
order by fiscal_year, fund = 'ALL', fund;
