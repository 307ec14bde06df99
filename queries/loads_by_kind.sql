-- What is loaded, per kind of file: files, rows loaded and the last load.
select kind, count(*) as files, sum(rows_loaded) as rows_loaded, max(finished_at) as last_load
from meta.batches
group by kind
order by kind;
