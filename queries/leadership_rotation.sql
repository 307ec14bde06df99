-- Leadership rotation per fiscal year (SPEC §5 Equity and renewal of leadership): seats held on
-- each Regional Fund Committee, on all committees and on all affiliate boards ('ALL' body), the
-- seats held by people in their first two fiscal years in that body and their share, and the
-- median tenure in years. People counts are suppressed by the query layer for the whole view
-- (SPEC §6). Filters: $fiscal_years (empty = all). Regions do not apply: a committee serves a
-- region, a board an affiliate, and neither is a person's pathway region.
with cells as (
    select *
    from marts.leadership_rotation
    where body_type <> 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
),

final as (
    select
        fiscal_year,
        body_type,
        body,
        seats,
        new_seats,
        new_seats / nullif(seats, 0) as new_seat_share,
        median_tenure_years
    from cells
)

select * from final
order by fiscal_year, body_type, body = 'ALL' desc, body;
