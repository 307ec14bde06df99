-- Programs and participation per fiscal year and program type, with the 'ALL' type row (people
-- counted once). People counts are suppressed by the query layer for the whole view (SPEC §6).
-- Filters: $fiscal_years (empty = all);
-- $regions and $themes: one row set per chosen region / theme, or 'ALL' when none chosen.
with cells as (
    select *
    from marts.participation_cells
    where country = 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
      and marts.row_set_chosen($themes, theme)
),

final as (
    select
        fiscal_year,
        region,
        theme,
        program_type,
        programs,
        participants,
        participations,
        organizers,
        new_editors_dashboard,
        new_editors_event_metrics,
        edits,
        articles_created,
        uploads
    from cells
)

select * from final
order by fiscal_year, region, theme, program_type = 'ALL', program_type;
