-- Grants and their themes: a later file's row for the same grant_id replaces the earlier one.
-- The grantee is the organization, or the lead for grants to individuals and groups, whom the
-- file's rows name by number (file_people, validate.py).
delete from core.grant_themes where grant_id in (select grant_id from accepted);

delete from core.grants where grant_id in (select grant_id from accepted);

insert into core.grants
with typed as (
    select
        a.*,
        coalesce(
            a.status,
            case when a.amount_awarded_usd is not null then 'funded' else 'submitted' end
        ) as final_status,
        upper(coalesce(a.currency, 'USD')) as final_currency,
        f.person_key as lead_person_key
    from accepted a
    left join file_people f on f.person_no = a.lead_person_no
)
select
    grant_id,
    title,
    fund,
    final_status,
    applicant_type,
    organization_id,
    organization_name,
    lead_person_key,
    case
        when applicant_type in ('individual', 'group') and lead_person_key is not null
            then 'person:' || lead_person_key
        when organization_id is not null then 'org:' || organization_id
        when lead_person_key is not null then 'person:' || lead_person_key
        else 'grant:' || grant_id
    end,
    country,
    c.region_code,
    final_currency,
    amount_requested,
    coalesce(amount_requested_usd, case when final_currency = 'USD' then amount_requested end),
    case when final_status = 'funded' then amount_awarded_usd end,
    submitted_date,
    decision_date,
    start_date,
    end_date,
    multi_year,
    fiscal_year(decision_date),
    $batch_id
from typed
left join core.countries c on c.country_code = typed.country;

insert into core.grant_themes
select distinct a.grant_id, l.code
from (
    select grant_id, trim(unnest(string_split_regex(themes, '[;,|]'))) as theme from accepted
) a
join ref_labels l on l.domain = 'theme' and l.label = label_key(a.theme);
