-- Women's share among participants who self-reported a gender (woman, man or non_binary), per
-- fiscal year of program start, region and theme. Shares only, never counts: rounded to whole
-- percent and hidden (NULL, `women_share_suppressed`) unless at least k women and k people of
-- other genders reported (SPEC §6). Filters: $fiscal_years (empty = all); $regions and $themes:
-- one row set per chosen region / theme ('ALL' may be chosen too), or 'ALL' when none.
with cells as (
    select *
    from marts.women_share_suppressed($k)
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
      and marts.row_set_chosen($themes, theme)
),

final as (
    select fiscal_year, region, theme, women_share, women_share_suppressed
    from cells
)

select * from final
order by fiscal_year, region = 'ALL', region, theme = 'ALL', theme;
