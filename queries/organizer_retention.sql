-- Organizer retention per fiscal year and region ('ALL': people counted once): organizers of
-- year t (organizer, facilitator or volunteer in a program starting in t) and those among them
-- who organize in t + 1 (unknown for the last year with programs). People counts are
-- suppressed by the query layer for the whole view (SPEC §6). Filters: $fiscal_years (empty =
-- all); $regions: one row set per chosen region, or 'ALL' when none.
with cells as (
    select *
    from marts.organizer_retention
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.row_set_chosen($regions, region)
),

final as (
    select
        fiscal_year,
        region,
        organizers,
        retained_organizers,
        retained_organizers / nullif(organizers, 0) as retention_rate
    from cells
    where organizers > 0
)

select * from final
order by fiscal_year, region = 'ALL', region;
