-- Mentors, mentees and mentees per mentor per fiscal year of program start and region, with the
-- 'ALL' row (people counted once) when no region is chosen. People counts are suppressed by
-- the query layer for the whole view (SPEC §6), and the ratio with either count. Filters:
-- $fiscal_years (empty = all); $regions and $themes: one row set per chosen region / theme, or
-- 'ALL' when none.
with cells as (
    select *
    from marts.participation_cells
    where program_type = 'ALL'
      and country = 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
      and marts.row_set_chosen($themes, theme)
),

final as (
    select
        fiscal_year,
        region,
        theme,
        mentors,
        mentees,
        mentees / nullif(mentors, 0) as mentees_per_mentor
    from cells
    where mentors > 0 or mentees > 0
)

select * from final
order by fiscal_year, theme, region = 'ALL', region;
