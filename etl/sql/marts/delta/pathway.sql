-- A small participation load's correction of marts.pathway_people (pathway.sql): the rows of
-- the people it touched (touched.sql) are replaced by the same macro
-- (marts.pathway_people_of) over those people's program dates (marts.pathway_program_dates,
-- already corrected by delta/participation.sql), grants led, roles and gender.
-- pathway_counts.sql then recounts the pathway from marts.pathway_people.
create or replace temp table touched_program_dates as
select d.*
from marts.pathway_program_dates d
semi join after_people p on p.person_key = d.person_key;

create or replace temp table touched_grants as
select g.*
from core.grants g
semi join after_people p on p.person_key = g.lead_person_key;

create or replace temp table touched_roles as
select r.*
from core.roles r
semi join after_people p on p.person_key = r.person_key;

delete from marts.pathway_people
where person_key in (select person_key from after_people);

insert into marts.pathway_people
from marts.pathway_people_of(
    'touched_program_dates', 'touched_grants', 'touched_roles', 'after_people'
);

drop table touched_roles;

drop table touched_grants;

drop table touched_program_dates;
