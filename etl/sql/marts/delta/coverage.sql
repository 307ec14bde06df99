-- A small participation load's correction of marts.coverage (coverage.sql): participation rows
-- change by the touched people's rows (those in a known program, as coverage.sql counts them),
-- and their fiscal years can only widen (a row is only ever replaced by one of the same
-- program); people are counted again (a count of core.people costs nothing). The other core
-- tables are not written by a participation batch.
update marts.coverage c
set rows = c.rows + d.rows,
    first_fiscal_year = least(c.first_fiscal_year, d.first_fiscal_year),
    last_fiscal_year = greatest(c.last_fiscal_year, d.last_fiscal_year)
from (
    select
        (select count(*) from after_rows join core.programs using (program_id))
        - (select count(*) from before_rows join core.programs using (program_id)) as rows,
        min(p.fiscal_year) as first_fiscal_year,
        max(p.fiscal_year) as last_fiscal_year
    from after_rows a
    join core.programs p using (program_id)
) d
where c.table_name = 'participation';

update marts.coverage
set rows = (select count(*) from core.people)
where table_name = 'people';
