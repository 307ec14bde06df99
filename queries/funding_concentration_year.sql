-- How concentrated funding is, per fiscal year, over the funded grants selected (SPEC §5
-- Funding): Gini across grantees' awarded totals (population form), HHI across regions and
-- across grantees (0-10,000), top-10 grantee share, share outside NA + NWE, multi-year share of
-- funded General Support grants, Rapid → General Support progressions. Filters (empty = all):
-- $fiscal_years, $regions, $funds, $themes.
with grants as (
    select
        fiscal_year,
        region,
        is_na_nwe,
        grantee_key,
        fund,
        is_multi_year,
        is_rapid_to_general_support,
        coalesce(awarded_usd, 0)::double as awarded_usd
    from marts.funding_grants
    where is_funded
      and fiscal_year is not null
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

grantee_totals as (
    select fiscal_year, grantee_key, sum(awarded_usd) as awarded_usd
    from grants
    group by fiscal_year, grantee_key
),

ranked_grantees as (
    select
        fiscal_year,
        awarded_usd,
        row_number() over (partition by fiscal_year order by awarded_usd) as rank_ascending,
        row_number() over (partition by fiscal_year order by awarded_usd desc) as rank_descending,
        count(*) over (partition by fiscal_year) as grantees,
        sum(awarded_usd) over (partition by fiscal_year) as year_awarded_usd
    from grantee_totals
),

-- Gini: Σᵢ Σⱼ |xᵢ − xⱼ| / (2n²μ) equals Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx) with x sorted ascending.
grantee_concentration as (
    select
        fiscal_year,
        sum((2 * rank_ascending - grantees - 1) * awarded_usd)
            / nullif(any_value(grantees) * any_value(year_awarded_usd), 0) as gini_grantee,
        10000 * sum((awarded_usd / nullif(year_awarded_usd, 0)) ^ 2) as hhi_grantee,
        sum(awarded_usd) filter (where rank_descending <= 10)
            / nullif(any_value(year_awarded_usd), 0) as top10_share
    from ranked_grantees
    group by fiscal_year
),

region_totals as (
    select
        fiscal_year,
        sum(awarded_usd) as awarded_usd,
        sum(sum(awarded_usd)) over (partition by fiscal_year) as year_awarded_usd
    from grants
    group by fiscal_year, region
),

region_concentration as (
    select
        fiscal_year,
        10000 * sum((awarded_usd / nullif(year_awarded_usd, 0)) ^ 2) as hhi_region
    from region_totals
    group by fiscal_year
),

year_shares as (
    select
        fiscal_year,
        sum(awarded_usd) filter (where not is_na_nwe) / nullif(sum(awarded_usd), 0)
            as share_outside_na_nwe,
        count(*) filter (where fund = 'general_support' and is_multi_year)
            / nullif(count(*) filter (where fund = 'general_support'), 0) as multi_year_share,
        count(*) filter (where is_rapid_to_general_support) as rapid_to_gsf
    from grants
    group by fiscal_year
),

final as (
    select
        fiscal_year,
        g.gini_grantee,
        r.hhi_region,
        g.hhi_grantee,
        g.top10_share,
        y.share_outside_na_nwe,
        y.multi_year_share,
        y.rapid_to_gsf
    from year_shares y
    join grantee_concentration g using (fiscal_year)
    join region_concentration r using (fiscal_year)
)

select * from final
order by fiscal_year;
