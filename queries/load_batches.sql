-- Every load, newest first: file, kind, rows read / loaded / rejected, when, how long.
select
    batch_id,
    file_name,
    kind,
    rows_read,
    rows_loaded,
    rows_rejected,
    rows_duplicate,
    rows_replaced,
    warnings,
    finished_at as loaded_at,
    round(seconds_read + seconds_validate + seconds_core, 2) as seconds
from meta.batches
order by batch_id desc;
