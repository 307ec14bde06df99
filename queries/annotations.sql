-- Dated notes (annotations) for the fiscal-year trend charts: notes about every region, fund and
-- theme, and notes whose region, fund or theme is among the filters ($regions, $funds,
-- $themes; empty = all). A chart marks the notes of the fiscal years it spans.
select
    note_date,
    fiscal_year,
    title,
    text,
    region_code as region,
    fund,
    themes
from core.annotations
where (region_code is null or marts.chosen($regions, region_code))
  and (fund is null or marts.chosen($funds, fund))
  and (coalesce(len(themes), 0) = 0 or marts.any_chosen($themes, themes))
order by note_date, title
