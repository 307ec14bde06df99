-- A small participation load's correction of marts.women_share_cells (women_share.sql): each
-- cell's reporting participants and women change by the touched people's, counted before and
-- now by the same macro (marts.women_share_counts) over their rows alone (touched.sql). A cell
-- appears with its first reporting participant and goes with its last, as in a full build.
create or replace temp table women_share_delta as
select
    fiscal_year,
    region,
    theme,
    sum(sign * reporting_participants) as reporting_participants,
    sum(sign * women) as women
from (
    select 1 as sign, * from marts.women_share_counts('after_rows', 'after_people')
    union all
    select -1, * from marts.women_share_counts('before_rows', 'before_people')
)
group by fiscal_year, region, theme;

create or replace table marts.women_share_cells as
with merged as (
    select
        fiscal_year,
        region,
        theme,
        (coalesce(c.reporting_participants, 0) + coalesce(d.reporting_participants, 0))::bigint
            as reporting_participants,
        (coalesce(c.women, 0) + coalesce(d.women, 0))::bigint as women
    from marts.women_share_cells c
    full join women_share_delta d using (fiscal_year, region, theme)
)

select * from merged where reporting_participants > 0;

drop table women_share_delta;
