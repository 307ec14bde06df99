-- Every country of the regions chosen, for the countries maps: name, region, whether it is on the
-- protection list; funding over the selection (grants decided and funded, awarded USD); programs
-- started in the fiscal years chosen; and participants and organizers in the one fiscal year
-- $fiscal_year (`fiscal_year`; distinct people of several years cannot be added up), suppressed
-- by the query layer (SPEC §6; queries/people.py): a protected country never shows a people
-- count. Filters (empty = all): $fiscal_years, $regions;
-- $funds and $themes apply to the grants (programs by country are not kept by theme).
with countries as (
    select country_code as country, name as country_name, region_code as region, is_protected
    from core.countries
    where region_code is not null
      and marts.chosen($regions, region_code)
),

funding as (
    select
        country,
        sum(grants_decided)::bigint as grants_decided,
        sum(grants_funded)::bigint as grants_funded,
        sum(awarded_usd)::double as awarded_usd
    from marts.funding_cells
    where marts.chosen($fiscal_years, fiscal_year)
      and marts.chosen($regions, region)
      and marts.chosen($funds, fund)
      and marts.any_chosen($themes, theme_set)
    group by country
),

participation_cells as (
    select *
    from marts.participation_cells
    where country <> 'ALL'
      and theme = 'ALL'
      and program_type = 'ALL'
      and marts.chosen($regions, region)
),

programs as (
    select country, sum(programs)::bigint as programs
    from participation_cells
    where marts.chosen($fiscal_years, fiscal_year)
    group by country
),

people as (
    select country, participants, organizers
    from participation_cells
    where fiscal_year = $fiscal_year
),

final as (
    select
        c.country,
        c.country_name,
        c.region,
        c.is_protected,
        coalesce(f.grants_decided, 0) as grants_decided,
        coalesce(f.grants_funded, 0) as grants_funded,
        coalesce(f.awarded_usd, 0) as awarded_usd,
        coalesce(p.programs, 0) as programs,
        $fiscal_year::varchar as fiscal_year,
        -- no cell: no programs that year, so nobody took part; no year chosen: no people shown
        if($fiscal_year is null, null, coalesce(pe.participants, 0)) as participants,
        if($fiscal_year is null, null, coalesce(pe.organizers, 0)) as organizers
    from countries c
    left join funding f using (country)
    left join programs p using (country)
    left join people pe using (country)
)

select * from final
order by region, country_name;
