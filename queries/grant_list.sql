-- The grants selected, newest decision first, for the sortable grant table. Organization
-- grantees are named; people are not. Titles of grants to individuals and groups in protected
-- countries are withheld. Filters (empty = all): $fiscal_years, $regions, $funds, $themes.
with grants as (
    select *
    from marts.funding_grants
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

final as (
    select
        grant_id,
        case
            when is_protected_country and applicant_type in ('individual', 'group')
                then null
            else title
        end as title,
        fiscal_year,
        decision_date,
        fund,
        status,
        region,
        country,
        applicant_type,
        case when grantee_key like 'org:%' then organization_name end as organization_name,
        array_to_string(theme_set, '; ') as themes,
        requested_usd::double as requested_usd,
        awarded_usd::double as awarded_usd,
        is_first_time,
        is_multi_year,
        days_to_decision
    from grants
)

select * from final
order by decision_date desc nulls last, grant_id;
