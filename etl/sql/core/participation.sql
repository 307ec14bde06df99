-- Participation (person × program × role): a later row for the same key replaces the earlier.
-- People: the earliest registration date seen wins; the latest self-reported gender wins. A new
-- person is numbered (core.people.person_id) when first inserted, and participation rows carry
-- their person's number alone, not the key. The file's rows name a person by their number in
-- the file (file_people, validate.py), grouped and joined as integers until core's numbers.
create or replace temp table people_seen as
select f.person_key, s.*
from (
    select
        person_no,
        min(registered_at) as registered_at,
        arg_max(gender, source_row) filter (where gender is not null) as gender
    from accepted
    group by person_no
) s
join file_people f using (person_no);

-- Once the marts exist (marts.py keeps their fingerprint in meta.settings), keep the people this
-- batch touches as they were when the marts were last built, at their first touch since then,
-- before anything of theirs changes: marts.py corrects the marts by them alone.
create or replace temp table seen_before as
select p.person_id, p.registered_at, p.gender
from core.people p
semi join people_seen s on s.person_key = p.person_key
anti join core.touched_people t on t.person_id = p.person_id
where exists (select 1 from meta.settings where key = 'marts_fingerprint');

insert into core.touched_participation
select pa.program_id, pa.person_id, pa.role, pa.edits, pa.bytes_added, pa.articles_created,
       pa.articles_edited, pa.uploads
from core.participation pa
semi join seen_before b on b.person_id = pa.person_id;

insert into core.touched_people
select person_id, registered_at, gender, true
from seen_before;

update core.people p
set registered_at = least(p.registered_at, s.registered_at),
    gender = coalesce(s.gender, p.gender)
from people_seen s
where p.person_key = s.person_key;

insert into core.people (person_key, registered_at, gender)
select s.person_key, s.registered_at, s.gender
from people_seen s
anti join core.people p on p.person_key = s.person_key;

create or replace temp table seen_ids as
select s.person_no, p.person_id
from people_seen s
join core.people p on p.person_key = s.person_key;

insert into core.touched_people
select i.person_id, null, null, false
from seen_ids i
anti join core.touched_people t on t.person_id = i.person_id
where exists (select 1 from meta.settings where key = 'marts_fingerprint');

-- Matched on the person's number, not their 64-character key: a batch of new people has numbers
-- above every stored row's, so the scan skips nearly all of core.participation.
delete from core.participation p
using (
    select a.program_id, i.person_id, a.role
    from accepted a
    join seen_ids i using (person_no)
) a
where p.person_id = a.person_id and p.program_id = a.program_id and p.role = a.role;

insert into core.participation by name
select a.program_id, a.role, a.edits, a.bytes_added, a.articles_created, a.articles_edited,
       a.uploads, $batch_id as batch_id, i.person_id
from accepted a
join seen_ids i using (person_no);

drop table seen_ids;

drop table seen_before;

drop table people_seen;
