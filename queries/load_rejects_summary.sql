-- Rejected and flagged rows per load, file, severity and kind of reason (the values quoted in a
-- reason replaced by '…', so that one problem repeated over many rows reads as one line).
with rejects as (
    select
        batch_id,
        file_name,
        severity,
        regexp_replace(reason, '''[^'']*''', '''…''', 'g') as reason
    from meta.rejects
),

final as (
    select batch_id, file_name, severity, reason, count(*) as rows
    from rejects
    group by all
)

select * from final
order by batch_id desc, severity, rows desc, reason;
