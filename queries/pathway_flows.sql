-- Where people at each stage went next, for the Sankey: the highest stage they held on the day
-- they moved up, or 'none' for those who have not (yet). Counts come suppressed (SPEC §6).
-- Filters: $regions: one row set per chosen region, or 'ALL' when none.
with moved as (
    select region, from_stage_number, from_stage, to_stage_number, to_stage, people,
           people_suppressed
    from marts.pathway_flows_suppressed($k)
),

stayed as (
    select region, from_stage_number, from_stage, null as to_stage_number, 'none' as to_stage,
           not_converted as people, not_converted_suppressed as people_suppressed
    from marts.pathway_transition_counts_suppressed($k)
),

final as (
    select *
    from (select * from moved union all select * from stayed)
    where marts.row_set_chosen($regions, region)
      and (people_suppressed or people > 0)
)

select * from final
order by region, from_stage_number, to_stage_number nulls last;
