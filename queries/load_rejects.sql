-- Row-level problems kept by the loads: batch, file, row number, column, value, reason and
-- severity ('rejected': the row was not loaded; 'warning': loaded, worth a look). Values never
-- hold a username: identity columns are redacted before they are kept. Filters (empty or NULL
-- = all): $batch_ids, $severities.
select batch_id, file_name, row_number, column_name, value, reason, severity
from meta.rejects
where (len(coalesce($batch_ids, [])) = 0 or list_contains($batch_ids, batch_id))
  and (len(coalesce($severities, [])) = 0 or list_contains($severities, severity))
order by batch_id desc, row_number, column_name;
