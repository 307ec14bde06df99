-- What the warehouse holds: rows and fiscal years covered per core table (the home page).
create or replace table marts.coverage as
with facts as (
    select 'grants' as table_name, count(*) as rows,
           min(fiscal_year) as first_fiscal_year, max(fiscal_year) as last_fiscal_year
    from core.grants
    union all
    select 'programs', count(*), min(fiscal_year), max(fiscal_year) from core.programs
    union all
    -- rows counted per program first: grouping ten million program ids costs less than
    -- joining each of them to its program
    select 'participation', coalesce(sum(pa.rows), 0)::bigint, min(p.fiscal_year), max(p.fiscal_year)
    from (select program_id, count(*) as rows from core.participation group by program_id) pa
    join core.programs p using (program_id)
    union all
    select 'people', count(*), null, null from core.people
    union all
    select 'organizations', count(*), null, null from core.organizations
    union all
    select 'roles', count(*), min(fiscal_year(start_date)), max(fiscal_year(start_date))
    from core.roles
    union all
    select 'budgets', count(*), min(fiscal_year), max(fiscal_year) from core.budgets
    union all
    select 'active_editors', count(*), min(fiscal_year(month)), max(fiscal_year(month))
    from core.active_editors
)
select * from facts;
