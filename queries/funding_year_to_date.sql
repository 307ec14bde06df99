-- Funding of a fiscal year still under way, against the same days of the year before: funded
-- grants decided from the start of each year to the same day ($through, the latest decision
-- date of the current year; for the year before, the same month and day one year earlier), so
-- a year's first weeks are never compared with a whole year. One row per period ('current',
-- 'previous'). The current year starts on $starts. Filters (empty = all): $regions, $funds,
-- $themes.
with windows as (
    select 'current' as period, $starts::date as first_day, $through::date as last_day
    union all
    select 'previous', $starts::date - interval 1 year, $through::date - interval 1 year
),

grants as (
    select w.period, g.awarded_usd, g.country
    from windows w
    join marts.funding_grants g
        on g.decision_date between w.first_day and w.last_day
    where g.is_funded
      and marts.chosen($regions, g.region)
      and marts.chosen($funds, g.fund)
      and marts.any_chosen($themes, g.theme_set)
),

final as (
    select
        w.period,
        w.first_day,
        w.last_day,
        coalesce(sum(g.awarded_usd), 0)::double as awarded_usd,
        count(g.period) as grants_funded,
        count(distinct g.country) as countries_reached
    from windows w
    left join grants g using (period)
    group by w.period, w.first_day, w.last_day
)

select * from final
order by period;
