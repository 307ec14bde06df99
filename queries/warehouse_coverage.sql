-- Rows held per core table and the fiscal years they cover.
select table_name, rows, first_fiscal_year, last_fiscal_year
from marts.coverage
order by case table_name
    when 'grants' then 1 when 'programs' then 2 when 'participation' then 3
    when 'people' then 4 when 'organizations' then 5 when 'roles' then 6
    when 'budgets' then 7 else 8 end;
