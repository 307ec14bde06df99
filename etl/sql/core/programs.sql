-- Programs and their themes: a later file's row for the same program_id replaces the earlier
-- one. A program is counted in the fiscal year of its start date.
delete from core.program_themes where program_id in (select program_id from accepted);

delete from core.programs where program_id in (select program_id from accepted);

insert into core.programs
select
    program_id,
    title,
    coalesce(program_type, 'other'),
    country,
    c.region_code,
    start_date,
    coalesce(end_date, start_date),
    fiscal_year(start_date),
    grant_id,
    organization_id,
    home_wiki,
    $batch_id
from accepted a
left join core.countries c on c.country_code = a.country;

insert into core.program_themes
select distinct a.program_id, l.code
from (
    select program_id, trim(unnest(string_split_regex(themes, '[;,|]'))) as theme from accepted
) a
join ref_labels l on l.domain = 'theme' and l.label = label_key(a.theme);
