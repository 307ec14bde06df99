-- Programs and participation per fiscal year of program start and region, with the 'ALL' row
-- (people counted once) when no region is chosen (SPEC §5 Programs and participation). People
-- counts are suppressed by the query layer for the whole view (SPEC §6). Filters: $fiscal_years
-- and $regions (empty = all); $themes: one row set per chosen theme, or theme 'ALL' when none,
-- because distinct people of several themes cannot be added up.
with cells as (
    select *
    from marts.participation_cells
    where program_type = 'ALL'
      and country = 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.row_set_chosen($themes, theme)
),

final as (
    select
        fiscal_year,
        region,
        theme,
        programs,
        participants,
        participations,
        organizers,
        new_editors_dashboard,
        new_editors_event_metrics,
        returning_participants,
        retained_participants,
        edits,
        bytes_added,
        articles_created,
        articles_edited,
        uploads
    from cells
)

select * from final
order by fiscal_year, theme, region = 'ALL', region;
