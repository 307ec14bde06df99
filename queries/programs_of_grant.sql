-- The programs one grant ($grant_id) is linked to: title, type, dates, country, and their
-- participants (participant or mentee) and organizers (organizer, facilitator or volunteer),
-- each person once per program, suppressed by the query layer (SPEC §6; queries/people.py, as
-- for queries/program_outcomes.sql: `is_protected`, `country_link`, `grant_link`).
with people as (
    select *, participants + organizers > 0 as counts_anyone
    from marts.program_people
),

alone as (
    select
        program_id,
        count(*) filter (where counts_anyone) over (partition by fiscal_year, region, country)
            <= 1 as alone_in_country_year,
        count(*) over (partition by grant_id) = 1 as alone_in_grant
    from people
),

final as (
    select
        p.program_id,
        p.title,
        p.program_type,
        p.start_date,
        p.end_date,
        p.fiscal_year,
        p.region,
        p.country,
        coalesce(c.is_protected, false) as is_protected,
        if(a.alone_in_country_year, concat_ws('|', p.fiscal_year, p.region, p.country), null)
            as country_link,
        if(a.alone_in_grant, p.grant_id, null) as grant_link,
        p.participants,
        p.organizers
    from people p
    join alone a using (program_id)
    left join core.countries c on c.country_code = p.country
    where p.grant_id = $grant_id
)

select * from final
order by start_date, program_id;
