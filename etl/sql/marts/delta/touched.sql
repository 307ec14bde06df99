-- The people a small participation load touched (core.touched_people, kept by
-- core/participation.sql), their rows and person facts as they were when the marts were last
-- built (before_rows, before_people) and as they are now (after_rows, after_people), for the
-- corrections in this folder, which etl/marts.py runs after this file (and then drops these).

-- The touched people numbered 1…n here, so that a cell's bitstring is n bits long, not one bit
-- per person in the warehouse.
create or replace temp table touched as
select
    person_id as warehouse_person_id,
    row_number() over (order by person_id)::integer as person_id,
    registered_at,
    gender,
    existed
from core.touched_people;

create or replace temp table before_rows as
select
    t.person_id, b.program_id, b.role, b.edits, b.bytes_added, b.articles_created,
    b.articles_edited, b.uploads
from core.touched_participation b
join touched t on t.warehouse_person_id = b.person_id;

create or replace temp table before_people as
select person_id, registered_at, gender from touched where existed;

create or replace temp table after_rows as
select
    t.person_id, pa.program_id, pa.role, pa.edits, pa.bytes_added, pa.articles_created,
    pa.articles_edited, pa.uploads
from core.participation pa
join touched t on t.warehouse_person_id = pa.person_id;

create or replace temp table after_people as
select t.person_id, p.person_key, p.registered_at, p.gender
from core.people p
join touched t on t.warehouse_person_id = p.person_id;
