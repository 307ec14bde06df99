-- How many programs name each grant of the regions chosen, for the Regions drill-down (which
-- lists a grant's programs with queries/program_outcomes.sql). Grants no program names are left
-- out. No people counts. Filters (empty = all): $regions (the grant's region).
with grants as (
    select grant_id
    from marts.funding_grants
    where marts.chosen($regions, region)
),

final as (
    select grant_id, count(*) as programs
    from marts.program_people
    where grant_id in (select grant_id from grants)
    group by grant_id
)

select * from final
order by grant_id;
