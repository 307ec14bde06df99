-- Participation (person × program × role): a later row for the same key replaces the earlier.
-- People: the earliest registration date seen wins; the latest self-reported gender wins.
delete from core.participation p
using accepted a
where p.program_id = a.program_id and p.person_key = a.person_key and p.role = a.role;

insert into core.participation
select program_id, person_key, role, edits, bytes_added, articles_created, articles_edited,
       uploads, $batch_id
from accepted;

create or replace temp table people_seen as
select
    person_key,
    min(registered_at) as registered_at,
    arg_max(gender, source_row) filter (where gender is not null) as gender
from accepted
group by person_key;

update core.people p
set registered_at = least(p.registered_at, s.registered_at),
    gender = coalesce(s.gender, p.gender)
from people_seen s
where p.person_key = s.person_key;

insert into core.people
select s.person_key, s.registered_at, s.gender
from people_seen s
anti join core.people p on p.person_key = s.person_key;
