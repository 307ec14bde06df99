-- Renewal of leadership (SPEC §5 Equity and renewal of leadership): leader attrition and
-- leadership rotation, from roles alone (a participation load does not reach them). Only
-- aggregates leave the warehouse, and only through the query layer's suppression.

-- Leaders of year t: people holding a grant_lead, committee_member or affiliate_board role at
-- any time in t; leaving when no such role of theirs is active on the first day of t + 1. Per
-- region of the role's country, and 'ALL'; years up to the last one with any data.
create or replace table marts.leader_attrition as
with fiscal_years as (
    select fiscal_year, start_date, end_date from core.fiscal_years
),

leader_roles as (
    select r.person_key, coalesce(c.region_code, 'unknown') as region, r.start_date, r.end_date
    from core.roles r
    left join core.countries c on c.country_code = r.country_code
    where r.role in ('grant_lead', 'committee_member', 'affiliate_board')
),

last_data_year as (
    select max(fiscal_year) as fiscal_year
    from (
        select fiscal_year from core.programs
        union all
        select fiscal_year from core.grants
        union all
        select fiscal_year(start_date) from core.roles
    )
),

leader_years as (
    select distinct y.fiscal_year, y.end_date + 1 as next_year_start, r.person_key, r.region
    from leader_roles r
    join fiscal_years y
        on r.start_date <= y.end_date and (r.end_date is null or r.end_date >= y.start_date)
    cross join last_data_year l
    where y.fiscal_year <= l.fiscal_year
),

continuing as (
    select distinct l.fiscal_year, l.person_key
    from leader_years l
    join leader_roles r
        on r.person_key = l.person_key
        and r.start_date <= l.next_year_start
        and (r.end_date is null or r.end_date >= l.next_year_start)
),

counts as (
    select
        l.fiscal_year,
        coalesce(l.region, 'ALL') as region,
        count(distinct l.person_key) as leaders,
        count(distinct l.person_key) filter (where c.person_key is null) as leaving_leaders
    from leader_years l
    left join continuing c using (fiscal_year, person_key)
    group by grouping sets ((l.fiscal_year, l.region), (l.fiscal_year))
),

final as (
    select row_number() over (order by fiscal_year, region) as row_id, *
    from counts
)

select * from final;

-- Leadership rotation (SPEC §5 Equity and renewal of leadership), per fiscal year: for each
-- Regional Fund Committee, for all committees and for all affiliate boards together ('ALL'
-- body), the people holding a seat at any time in the year (`seats`), those among them in their
-- first two fiscal years in that body (`new_seats`), and the median tenure: years from their
-- first day in the body to the end of the year (or of their last seat, if earlier). Boards are
-- not shown one by one: most seat fewer than k people. Body type 'ALL': `seats` are the people
-- holding any leadership role (grant_lead, committee_member, affiliate_board) in the year, and
-- `multi_role_people` those holding two or more of them on one day of the year.
create or replace table marts.leadership_rotation as
with fiscal_years as (
    select fiscal_year, start_date, end_date from core.fiscal_years
),

seats as (
    select
        person_key,
        if(role = 'committee_member', 'committee', 'board') as body_type,
        body,
        start_date,
        coalesce(end_date, date '9999-12-31') as end_date
    from core.roles
    where role in ('committee_member', 'affiliate_board')
),

firsts as (
    select person_key, body_type, body, min(start_date) as first_on, max(end_date) as last_on
    from seats
    group by all
),

role_years as (
    select min(fiscal_year(start_date)) as first_year, max(fiscal_year(start_date)) as last_year
    from core.roles
),

held as (
    select distinct
        y.fiscal_year,
        s.body_type,
        s.body,
        s.person_key,
        fiscal_year(f.first_on) >= fiscal_year(y.start_date - interval 1 year) as is_new,
        (least(y.end_date, f.last_on) - f.first_on) / 365.25 as tenure_years
    from seats s
    join fiscal_years y on s.start_date <= y.end_date and s.end_date >= y.start_date
    join firsts f using (person_key, body_type, body)
    cross join role_years r
    where y.fiscal_year <= r.last_year
),

per_body as (
    select
        fiscal_year,
        body_type,
        coalesce(body, 'ALL') as body,
        count(distinct person_key) as seats,
        count(distinct person_key) filter (where is_new) as new_seats,
        median(tenure_years) as median_tenure_years
    from held
    group by grouping sets ((fiscal_year, body_type, body), (fiscal_year, body_type))
),

leader_roles as (
    select person_key, start_date, coalesce(end_date, date '9999-12-31') as end_date
    from core.roles
    where role in ('grant_lead', 'committee_member', 'affiliate_board')
),

leaders as (
    select y.fiscal_year, count(distinct r.person_key) as leaders
    from leader_roles r
    join fiscal_years y on r.start_date <= y.end_date and r.end_date >= y.start_date
    group by y.fiscal_year
),

multi_role as (
    -- two roles of one person that overlap within the year
    select y.fiscal_year, count(distinct a.person_key) as multi_role_people
    from leader_roles a
    join leader_roles b
        on a.person_key = b.person_key
        and (a.start_date, a.end_date) < (b.start_date, b.end_date)
        and a.start_date <= b.end_date
        and b.start_date <= a.end_date
    join fiscal_years y
        on greatest(a.start_date, b.start_date) <= y.end_date
        and least(a.end_date, b.end_date) >= y.start_date
    group by y.fiscal_year
),

final as (
    select fiscal_year, body_type, body, seats, new_seats, median_tenure_years,
           null::bigint as multi_role_people
    from per_body
    where body_type = 'committee' or body = 'ALL'
    union all
    select
        y.fiscal_year, 'ALL', 'ALL', coalesce(l.leaders, 0), null, null,
        coalesce(m.multi_role_people, 0)
    from fiscal_years y
    cross join role_years r
    left join leaders l using (fiscal_year)
    left join multi_role m using (fiscal_year)
    where y.fiscal_year between r.first_year and r.last_year
)

select * from final;
