-- Program figures: a later file's figure for a program replaces the earlier one; a figure the
-- later file leaves blank (or does not have, as a Wikidata export has no editor counts) keeps
-- the earlier one, so that several exports about one program add up to one row.
create or replace temp table program_stats_merged as
select
    a.program_id,
    coalesce(a.participants, s.participants) as participants,
    coalesce(a.new_participants, s.new_participants) as new_participants,
    coalesce(a.total_edits, s.total_edits) as total_edits,
    coalesce(a.total_articles_created, s.total_articles_created) as total_articles_created,
    coalesce(a.total_articles_edited, s.total_articles_edited) as total_articles_edited,
    coalesce(a.total_bytes_added, s.total_bytes_added) as total_bytes_added,
    coalesce(a.references_added, s.references_added) as references_added,
    coalesce(a.total_uploads, s.total_uploads) as total_uploads,
    coalesce(a.uploads_used, s.uploads_used) as uploads_used,
    coalesce(a.article_views, s.article_views) as article_views,
    coalesce(a.training_completion_rate, s.training_completion_rate) as training_completion_rate,
    coalesce(a.wikidata_items_created, s.wikidata_items_created) as wikidata_items_created,
    coalesce(a.wikidata_claims_created, s.wikidata_claims_created) as wikidata_claims_created,
    coalesce(a.wikidata_labels_added, s.wikidata_labels_added) as wikidata_labels_added,
    coalesce(a.wikidata_descriptions_added, s.wikidata_descriptions_added)
        as wikidata_descriptions_added,
    coalesce(a.wikidata_edits, s.wikidata_edits) as wikidata_edits
from accepted a
left join core.program_stats s using (program_id);

delete from core.program_stats where program_id in (select program_id from accepted);

insert into core.program_stats
select *, $batch_id from program_stats_merged;
