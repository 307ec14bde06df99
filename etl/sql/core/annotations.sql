-- Dated notes: a later file's note with the same date and title replaces it. Theme labels
-- ("Gender", "GLAM") become theme codes as for grants.
delete from core.annotations n
using accepted a
where n.note_date = a.date and n.title = a.title;

insert into core.annotations
select
    a.date,
    fiscal_year(a.date),
    a.title,
    a.text,
    a.region,
    a.fund,
    (
        select list(distinct l.code order by l.code)
        from unnest(string_split_regex(coalesce(a.themes, ''), '[;,|]')) t(theme)
        join ref_labels l on l.domain = 'theme' and l.label = label_key(trim(t.theme))
    ),
    $batch_id
from accepted a;
