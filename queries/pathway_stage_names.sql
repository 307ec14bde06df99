-- The leadership pathway stages in order, with the names pages show (SPEC §5).
select stage_number, stage, stage_name
from marts.pathway_stages
order by stage_number;
