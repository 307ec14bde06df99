-- The Lorenz curve of awarded USD across grantees over the selection: for each percent of
-- grantees (smallest first), the share of all awarded USD they received, read off the exact
-- curve (straight between grantees, so one grantee gives the diagonal). 101 points, never a row
-- per grantee. With each point, the Gini of the same grantee totals (SPEC §5, population form,
-- Σ(2i − n − 1)·xᵢ / (n·Σx), as funding_concentration_year.sql computes it per fiscal year), so
-- the page shows one number for one selection. Filters (empty = all): $fiscal_years, $regions,
-- $funds, $themes.
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
        awarded_usd,
        sum(awarded_usd) over (order by awarded_usd, grantee_key)
            / nullif(sum(awarded_usd) over (), 0) as awarded_share,
        awarded_usd / nullif(sum(awarded_usd) over (), 0) as own_share
    from grantee_totals
),

gini as (
    select
        sum((2 * grantee_rank - grantees - 1) * awarded_usd)
            / nullif(any_value(grantees) * sum(awarded_usd), 0) as gini
    from cumulative
),

points as (
    select range as percent from range(0, 101)
),

-- percent p of n grantees is position r = p·n/100, inside grantee ceil(r)
final as (
    select
        p.percent / 100 as grantee_share,
        case
            when p.percent = 0 then 0
            else c.awarded_share - c.own_share
                + (p.percent * c.grantees / 100 - (c.grantee_rank - 1)) * c.own_share
        end as awarded_share,
        g.gini
    from points p
    join cumulative c
        on c.grantee_rank = greatest(1, ceil(p.percent * c.grantees / 100))
    cross join gini g
)

select * from final
where exists (select 1 from grantee_totals)
order by grantee_share;
