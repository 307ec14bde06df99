-- Regional budgets: a later file's figure for the same fiscal year and region replaces it.
delete from core.budgets b
using accepted a
where b.fiscal_year = a.fiscal_year and b.region_code = a.region;

insert into core.budgets
select fiscal_year, region, budget_usd, $batch_id
from accepted;
