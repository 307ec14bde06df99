-- How recent the warehouse is: the last load, and the latest date each kind of data reaches.
create or replace table marts.freshness as
select
    (select max(finished_at) from meta.batches) as last_load,
    (select max(decision_date) from core.grants) as latest_grant_decision,
    (select max(start_date) from core.programs) as latest_program_start,
    (select max(month) from core.active_editors) as latest_active_editors_month;
