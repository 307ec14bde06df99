-- Funding over the whole selection per region, per fund and per applicant type, and in total
-- (dimension 'total', segment 'ALL'): decided and funded grants, approval rate, requested and
-- awarded USD, funding ratio, first-time grants and median days to decision (SPEC §5 Funding).
-- Grants count in the fiscal year of their decision. Filters (empty = all): $fiscal_years,
-- $regions, $funds, $themes (grants carrying any chosen theme, each grant once).
with grants as (
    select *
    from marts.funding_grants
    where fiscal_year is not null
      and marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
),

segments as (
    select 'region' as dimension, region as segment, * from grants
    union all
    select 'fund', fund, * from grants
    union all
    select 'applicant_type', coalesce(applicant_type, 'unknown'), * from grants
    union all
    select 'total', 'ALL', * from grants
),

by_segment as (
    select
        dimension,
        segment,
        count(*) filter (where is_decided) as grants_decided,
        count(*) filter (where is_funded) as grants_funded,
        coalesce(sum(requested_usd) filter (where is_decided), 0)::double as requested_usd,
        coalesce(sum(awarded_usd) filter (where is_funded), 0)::double as awarded_usd,
        -- the funding ratio compares awarded with requested over funded grants that have both
        sum(awarded_usd) filter (where is_funded and requested_usd is not null)::double
            as funded_awarded_with_request_usd,
        sum(requested_usd) filter (where is_funded and awarded_usd is not null)::double
            as funded_requested_usd,
        count(*) filter (where is_first_time) as first_time_grants,
        coalesce(sum(awarded_usd) filter (where is_first_time), 0)::double
            as first_time_awarded_usd,
        median(days_to_decision)::double as median_days_to_decision
    from segments
    group by dimension, segment
),

final as (
    select
        dimension,
        segment,
        grants_decided,
        grants_funded,
        grants_funded / nullif(grants_decided, 0) as approval_rate,
        requested_usd,
        awarded_usd,
        funded_awarded_with_request_usd / nullif(funded_requested_usd, 0) as funding_ratio,
        first_time_grants,
        first_time_grants / nullif(grants_funded, 0) as first_time_share_count,
        first_time_awarded_usd / nullif(awarded_usd, 0) as first_time_share_amount,
        median_days_to_decision
    from by_segment
)

select * from final
order by dimension, segment;
