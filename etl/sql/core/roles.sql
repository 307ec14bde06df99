-- Leadership roles outside events: key person × role × body × start date.
delete from core.roles r
using accepted a
where r.person_key = a.person_key and r.role = a.role and r.body = a.body
  and r.start_date = a.start_date;

insert into core.roles
select person_key, role, body, country, start_date, end_date, $batch_id
from accepted;

insert into core.people (person_key, registered_at, gender)
select distinct a.person_key, null::date, null
from accepted a
anti join core.people p on p.person_key = a.person_key;
