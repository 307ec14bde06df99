-- Leadership roles outside events: key person × role × body × start date. The file's rows name
-- their person by number (file_people, validate.py).
create or replace temp view roles_accepted as
select f.person_key, a.* exclude (person_no)
from accepted a
join file_people f using (person_no);

delete from core.roles r
using roles_accepted a
where r.person_key = a.person_key and r.role = a.role and r.body = a.body
  and r.start_date = a.start_date;

insert into core.roles
select person_key, role, body, country, start_date, end_date, $batch_id
from roles_accepted;

insert into core.people (person_key, registered_at, gender)
select distinct a.person_key, null::date, null
from roles_accepted a
anti join core.people p on p.person_key = a.person_key;

drop view roles_accepted;
