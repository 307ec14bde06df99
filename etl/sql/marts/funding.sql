-- Funding marts (SPEC §5 Funding): one row per grant with what every funding metric needs to
-- know about it, the cells the pages sum (fiscal year × region × country × fund × theme set),
-- and the regional denominators (budget, active editors). Grants count in the fiscal year of
-- their decision; a grant is decided when it is funded or not funded.

-- One row per grant. `theme_set` is the sorted list of its themes (['none'] when it has none),
-- so that a theme filter can keep grants carrying any chosen theme without counting a grant
-- twice. The grantee is the organization, or the lead for grants to individuals and groups.
create or replace table marts.funding_grants as
with grants as (
    select * from core.grants
),

grant_theme_sets as (
    select grant_id, list(theme_code order by theme_code) as theme_set
    from core.grant_themes
    group by grant_id
),

funded_grants as (
    select grant_id, grantee_key, fund, coalesce(decision_date, date '9999-12-31') as decided_on
    from grants
    where status = 'funded'
),

-- A grantee's first funded grant; undated decisions sort last, ties go to the lower grant id.
first_funded_grants as (
    select arg_min(grant_id, (decided_on, grant_id)) as grant_id
    from funded_grants
    group by grantee_key
),

first_general_support_grants as (
    select grantee_key, arg_min(grant_id, (decided_on, grant_id)) as grant_id,
           min(decided_on) as decided_on
    from funded_grants
    where fund = 'general_support'
    group by grantee_key
),

-- Rapid → General Support: the grantee's first funded General Support grant was decided after
-- (strictly) one of its funded Rapid grants.
rapid_to_general_support_grants as (
    select g.grant_id
    from first_general_support_grants g
    where exists (
        select 1
        from funded_grants r
        where r.grantee_key = g.grantee_key and r.fund = 'rapid' and r.decided_on < g.decided_on
    )
),

final as (
    select
        g.grant_id,
        g.title,
        g.fiscal_year,
        g.decision_date,
        coalesce(g.region_code, 'unknown') as region,
        g.country_code as country,
        coalesce(c.is_protected, false) as is_protected_country,
        coalesce(r.is_na_nwe, false) as is_na_nwe,
        g.fund,
        g.status,
        g.applicant_type,
        g.organization_name,
        g.grantee_key,
        coalesce(t.theme_set, ['none']) as theme_set,
        g.status in ('funded', 'not_funded') as is_decided,
        g.status = 'funded' as is_funded,
        g.amount_requested_usd as requested_usd,
        g.amount_awarded_usd as awarded_usd,
        g.grant_id in (select grant_id from first_funded_grants) as is_first_time,
        g.multi_year as is_multi_year,
        g.grant_id in (select grant_id from rapid_to_general_support_grants)
            as is_rapid_to_general_support,
        case
            when g.status in ('funded', 'not_funded') then g.decision_date - g.submitted_date
        end as days_to_decision
    from grants g
    left join grant_theme_sets t using (grant_id)
    left join core.countries c on c.country_code = g.country_code
    left join core.regions r on r.region_code = g.region_code
)

select * from final;

-- Additive funding measures per fiscal year × region × country × fund × theme set: any
-- selection of years, regions, funds and themes sums these cells exactly. The days from
-- submission to decision are kept as a list so that a selection's median can be taken.
create or replace table marts.funding_cells as
with grants as (
    select * from marts.funding_grants
    where fiscal_year is not null
),

final as (
    select
        fiscal_year,
        region,
        country,
        fund,
        theme_set,
        any_value(is_na_nwe) as is_na_nwe,
        count(*) filter (where is_decided) as grants_decided,
        count(*) filter (where is_funded) as grants_funded,
        coalesce(sum(requested_usd) filter (where is_decided), 0) as requested_usd,
        coalesce(sum(awarded_usd) filter (where is_funded), 0) as awarded_usd,
        -- the funding ratio compares awarded with requested over funded grants that have both
        coalesce(
            sum(requested_usd) filter (where is_funded and awarded_usd is not null), 0
        ) as funded_requested_usd,
        coalesce(
            sum(awarded_usd) filter (where is_funded and requested_usd is not null), 0
        ) as funded_awarded_with_request_usd,
        count(*) filter (where is_first_time) as first_time_grantees,
        coalesce(sum(awarded_usd) filter (where is_first_time), 0) as first_time_awarded_usd,
        count(*) filter (where is_funded and fund = 'general_support') as general_support_funded,
        count(*) filter (
            where is_funded and fund = 'general_support' and is_multi_year
        ) as general_support_multi_year,
        count(*) filter (where is_rapid_to_general_support) as rapid_to_gsf,
        -- in order, so that every build gives the same cell (a median is taken of it)
        coalesce(
            list(days_to_decision order by days_to_decision)
                filter (where days_to_decision is not null),
            []
        ) as days_to_decision
    from grants
    group by fiscal_year, region, country, fund, theme_set
)

select * from final;

-- Budget and mean monthly active editors per fiscal year and region: the denominators of
-- budget utilisation and of awarded USD per 1,000 active editors.
create or replace table marts.region_year_context as
with budgets as (
    select fiscal_year, region_code as region, sum(budget_usd) as budget_usd
    from core.budgets
    group by fiscal_year, region_code
),

active_editors as (
    select y.fiscal_year, e.region_code as region, avg(e.active_editors) as active_editors
    from core.active_editors e
    join core.fiscal_years y on e.month between y.start_date and y.end_date
    group by y.fiscal_year, e.region_code
),

final as (
    select
        fiscal_year,
        region,
        b.budget_usd,
        a.active_editors
    from budgets b
    full outer join active_editors a using (fiscal_year, region)
)

select * from final;
