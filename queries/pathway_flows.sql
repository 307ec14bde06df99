-- Where people at each stage went next, for the Sankey: the highest stage they held on the day
-- they moved up (`measure` 'flow'), or 'none' for those who have not (yet) ('not_converted').
-- Flows of nobody are left out. People counts are suppressed by the query layer for the whole
-- view (SPEC §6). Filters: $regions: one row set per chosen region, or 'ALL' when none.
with moved as (
    select region, from_stage_number, from_stage, to_stage_number, to_stage, 'flow' as measure,
           people
    from marts.pathway_flows
),

stayed as (
    select region, from_stage_number, from_stage, null as to_stage_number, 'none' as to_stage,
           'not_converted' as measure, not_converted as people
    from marts.pathway_transition_counts
),

final as (
    select *
    from (select * from moved union all select * from stayed)
    where marts.row_set_chosen($regions, region)
      and people > 0
)

select * from final
order by region, from_stage_number, to_stage_number nulls last;
