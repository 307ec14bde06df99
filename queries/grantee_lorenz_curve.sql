-- The Lorenz curve of awarded USD across grantees over the selection: for each percent of
-- grantees (smallest first), the share of all awarded USD they received. 101 points, never a
-- row per grantee. Filters (empty = all): $fiscal_years, $regions, $funds, $themes.
with grants as (
    select grantee_key, coalesce(awarded_usd, 0)::double as awarded_usd
    from marts.funding_grants
    where is_funded
      and fiscal_year is not null
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

grantee_totals as (
    select grantee_key, sum(awarded_usd) as awarded_usd
    from grants
    group by grantee_key
),

cumulative as (
    select
        row_number() over (order by awarded_usd, grantee_key) as grantee_rank,
        count(*) over () as grantees,
        sum(awarded_usd) over (order by awarded_usd, grantee_key)
            / nullif(sum(awarded_usd) over (), 0) as awarded_share
    from grantee_totals
),

points as (
    select range as percent from range(0, 101)
),

final as (
    select
        p.percent / 100 as grantee_share,
        coalesce(max(c.awarded_share), 0) as awarded_share
    from points p
    left join cumulative c on c.grantee_rank <= p.percent * c.grantees / 100
    group by p.percent
)

select * from final
where exists (select 1 from grantee_totals)
order by grantee_share;
