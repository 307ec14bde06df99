-- Organizations: a later file's row for the same organization_id replaces the earlier one.
delete from core.organizations where organization_id in (select organization_id from accepted);

insert into core.organizations
select organization_id, name, type, country, recognized_date, $batch_id
from accepted;
