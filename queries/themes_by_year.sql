-- Per fiscal year and theme: funded grants and awarded USD (a grant counts under each of its
-- themes), programs and participants (suppressed by the query layer, SPEC §6). Grants and
-- programs without a theme are under 'none'. Filters: $fiscal_years, $themes (empty = all);
-- $regions: one row set per chosen region, or 'ALL' when none; $funds applies to the grants.
with funding_cells as (
    select *
    from marts.funding_cells
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($funds, fund)
),

participation_cells as (
    select fiscal_year, region, theme, programs, participants
    from marts.participation_cells
    where program_type = 'ALL'
      and country = 'ALL'
      and theme <> 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
      and marts.chosen($themes, theme)
),

funding_by_theme as (
    select
        fiscal_year,
        coalesce(region, 'ALL') as region,
        theme,
        sum(grants_funded) as grants_funded,
        sum(awarded_usd)::double as awarded_usd
    from (select *, unnest(theme_set) as theme from funding_cells)
    group by grouping sets ((fiscal_year, region, theme), (fiscal_year, theme))
),

chosen_funding as (
    select *
    from funding_by_theme
    where marts.row_set_chosen($regions, region)
      and marts.chosen($themes, theme)
),

final as (
    select
        fiscal_year,
        region,
        theme,
        coalesce(f.grants_funded, 0) as grants_funded,
        coalesce(f.awarded_usd, 0) as awarded_usd,
        coalesce(p.programs, 0) as programs,
        if(p.fiscal_year is null, 0, p.participants) as participants
    from chosen_funding f
    full outer join participation_cells p using (fiscal_year, region, theme)
)

select * from final
order by fiscal_year, region, theme;
