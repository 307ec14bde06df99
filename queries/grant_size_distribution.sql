-- Funded grants per fund and size band of the awarded amount, over the selection. Filters
-- (empty = all): $fiscal_years, $regions, $funds, $themes.
with grants as (
    select fund, awarded_usd::double as awarded_usd
    from marts.funding_grants
    where is_funded
      and awarded_usd is not null
      and fiscal_year is not null
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

bands as (
    select * from (
        values
            (1, 'under 1k', 0, 1000),
            (2, '1k-5k', 1000, 5000),
            (3, '5k-10k', 5000, 10000),
            (4, '10k-25k', 10000, 25000),
            (5, '25k-50k', 25000, 50000),
            (6, '50k-100k', 50000, 100000),
            (7, '100k-300k', 100000, 300000),
            (8, '300k and over', 300000, null)
    ) as b (band_order, size_band, from_usd, below_usd)
),

final as (
    select
        g.fund,
        b.band_order,
        b.size_band,
        count(*) as grants_funded,
        sum(g.awarded_usd) as awarded_usd
    from grants g
    join bands b
        on g.awarded_usd >= b.from_usd and (b.below_usd is null or g.awarded_usd < b.below_usd)
    group by g.fund, b.band_order, b.size_band
)

select * from final
order by fund, band_order;
