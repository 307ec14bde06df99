-- A small participation load's correction of marts.program_people (programs.sql): each
-- program's participants and organizers change by the touched people's, counted before and now
-- by the same macro (marts.program_people_counts_of) over their rows alone (touched.sql); then
-- where programs are alone, which hangs on who counts anyone (programs.sql).
update marts.program_people p
set participants = p.participants + d.participants,
    organizers = p.organizers + d.organizers
from (
    select program_id, sum(sign * participants) as participants,
           sum(sign * organizers) as organizers
    from (
        select 1 as sign, * from marts.program_people_counts_of('after_rows')
        union all
        select -1, * from marts.program_people_counts_of('before_rows')
    )
    group by program_id
) d
where p.program_id = d.program_id;

create or replace table marts.program_links as from marts.alone_programs();
