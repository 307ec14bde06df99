-- How recent the warehouse is: the last load, the latest grant decision, the latest program
-- start and the latest month of active-editor counts.
select last_load, latest_grant_decision, latest_program_start, latest_active_editors_month
from marts.freshness;
