-- The programs one grant ($grant_id) is linked to: title, type, dates, country, and their
-- participants (participant or mentee) and organizers (organizer, facilitator or volunteer),
-- each person once per program, suppressed by the query layer (SPEC §6; queries/people.py, as
-- for queries/program_outcomes.sql: `is_protected`, `cell_links`, `grant_link`).
with final as (
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
        l.cell_links,
        l.grant_link,
        p.participants,
        p.organizers
    from marts.program_people p
    join marts.program_links l using (program_id)
    left join core.countries c on c.country_code = p.country
    where p.grant_id = $grant_id
)

select * from final
order by start_date, program_id;
