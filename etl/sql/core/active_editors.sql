-- Monthly active editors by region, the denominator for funding per 1,000 active editors.
delete from core.active_editors e
using accepted a
where e.month = a.month and e.region_code = a.region;

insert into core.active_editors
select month, region, active_editors, $batch_id
from accepted;
