-- Countries on the protection list: pages and published files show no people counts for them
-- by country (SPEC §6).
select country_code, name, region_code as region
from core.countries
where is_protected
order by name;
