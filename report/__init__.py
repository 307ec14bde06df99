"""The learnings the data team publishes: one report model (`model`), built from the same
queries and figure functions as the app (`sections`), written out as a self-contained HTML file
(`html`), as Meta-Wiki wikitext (`wikitext`) and as an open-data bundle (`bundle`)."""
