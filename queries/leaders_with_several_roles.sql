-- Leaders holding several roles at once, per fiscal year (SPEC §5 Equity and renewal of
-- leadership): people holding any leadership role (grant_lead, committee_member,
-- affiliate_board) in the year, those holding two or more on one day of it, and their share.
-- People counts are suppressed by the query layer for the whole view (SPEC §6). Filters:
-- $fiscal_years (empty = all).
with cells as (
    select *
    from marts.leadership_rotation
    where body_type = 'ALL'
      and marts.chosen($fiscal_years, fiscal_year)
),

final as (
    select
        fiscal_year,
        seats as leaders,
        multi_role_people,
        multi_role_people / nullif(seats, 0) as multi_role_share
    from cells
)

select * from final
order by fiscal_year;
