-- Copies of programs: a later file's row for the same copy replaces the earlier one.
delete from core.program_aliases where alias_id in (select alias_id from accepted);

insert into core.program_aliases
select alias_id, alias_title, program_id, $batch_id
from accepted;
