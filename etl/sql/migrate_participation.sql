-- A warehouse whose participation rows still carry the person's 64-character key (an earlier
-- version of the code) is moved to person numbers alone, once, by etl.warehouse.prepare. A
-- warehouse from before person numbers gets them first: each row its person's.
alter table core.participation add column if not exists person_id integer;

update core.participation pa
set person_id = p.person_id
from core.people p
where pa.person_id is null and p.person_key = pa.person_key;

alter table core.participation drop column person_key;

alter table core.participation alter column person_id set not null;
