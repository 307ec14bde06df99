-- The warehouse: meta (batches, rejects, settings) → staging (as loaded) → core (typed, keyed)
-- → marts (pre-aggregated, what the app reads). Created once; every statement is idempotent.

create schema if not exists meta;
create schema if not exists staging;
create schema if not exists core;
create schema if not exists marts;

create table if not exists meta.settings (
    key varchar primary key,
    value varchar not null
);

create sequence if not exists meta.batch_seq start 1;

create table if not exists meta.batches (
    batch_id integer primary key,
    file_name varchar not null,
    file_path varchar not null,
    content_hash varchar not null,
    kind varchar not null,
    rows_read bigint not null,
    rows_loaded bigint not null,
    rows_rejected bigint not null,
    rows_duplicate bigint not null,
    rows_replaced bigint not null,
    warnings bigint not null,
    started_at timestamp not null,
    finished_at timestamp not null,
    seconds_read double not null,
    seconds_validate double not null,
    seconds_core double not null
);

-- severity 'rejected': the row was not loaded; 'warning': loaded, but worth a look.
-- value never holds a username: identity columns are redacted before they get here.
create table if not exists meta.rejects (
    batch_id integer not null,
    file_name varchar not null,
    row_number bigint not null,
    column_name varchar,
    value varchar,
    reason varchar not null,
    severity varchar not null
);

-- Staging tables take the shape of the rows validation types (etl.load._stage), but for this one:
-- the person keys of each batch, each once. Staged rows name their person by number within
-- their batch (person_no, lead_person_no): ten million rows do not repeat a 64-character key
-- each. Keys stored uncompressed, as core.people's.
create table if not exists staging.people (
    batch_id integer not null,
    person_no integer not null,
    person_key varchar using compression uncompressed not null
);

-- Reference data, rewritten from data/reference on every load.
create table if not exists core.regions (
    region_code varchar primary key,
    region_name varchar not null,
    is_na_nwe boolean not null
);

create table if not exists core.countries (
    country_code varchar primary key,
    alpha3 varchar not null,
    name varchar not null,
    region_code varchar,
    grant_region_pre2023 varchar,
    global_south boolean not null,
    is_protected boolean not null
);

create table if not exists core.fiscal_years (
    fiscal_year varchar primary key,
    start_date date not null,
    end_date date not null
);

create table if not exists core.themes (
    theme_code varchar primary key,
    theme_name varchar not null
);

create table if not exists core.funds (
    fund_code varchar primary key,
    fund_name varchar not null,
    min_usd decimal(14, 2),
    max_usd decimal(14, 2)
);

-- Core facts. Keys are enforced by the loaders (delete-then-insert), not by indexes,
-- so that loading ten million participation rows stays a bulk append.
create table if not exists core.organizations (
    organization_id varchar not null,
    name varchar,
    type varchar,
    country_code varchar,
    recognized_date date,
    batch_id integer not null
);

create table if not exists core.grants (
    grant_id varchar not null,
    title varchar,
    fund varchar not null,
    status varchar not null,
    applicant_type varchar,
    organization_id varchar,
    organization_name varchar,
    lead_person_key varchar,
    grantee_key varchar,
    country_code varchar,
    region_code varchar,
    currency varchar,
    amount_requested decimal(16, 2),
    amount_requested_usd decimal(16, 2),
    amount_awarded_usd decimal(16, 2),
    submitted_date date,
    decision_date date,
    start_date date,
    end_date date,
    multi_year boolean not null,
    fiscal_year varchar,
    batch_id integer not null
);

create table if not exists core.grant_themes (
    grant_id varchar not null,
    theme_code varchar not null
);

create table if not exists core.programs (
    program_id varchar not null,
    title varchar,
    program_type varchar not null,
    country_code varchar,
    region_code varchar,
    start_date date not null,
    end_date date not null,
    fiscal_year varchar not null,
    grant_id varchar,
    organization_id varchar,
    home_wiki varchar,
    batch_id integer not null
);

create table if not exists core.program_themes (
    program_id varchar not null,
    theme_code varchar not null
);

-- A person is the salted hash of their normalised username; the username itself is not kept.
-- person_id numbers people once, when first inserted (1, 2, …; a rolled-back load leaves a
-- gap), so that marts join and count people as small integers, never renumbering them.
create sequence if not exists core.person_seq start 1;

-- person_key is stored uncompressed: its million distinct 64-character keys compress poorly,
-- and compressing them cost ~0.8 CPU s of a ten-million-row load, for ~30 MB of file saved (the
-- same holds for the pathway marts keyed by person). A warehouse made before keeps its storage.
create table if not exists core.people (
    person_key varchar using compression uncompressed not null,
    registered_at date,
    gender varchar,
    person_id integer not null default nextval('core.person_seq')
);

-- A participation row names its person by number alone (core.people.person_id), not by the
-- 64-character key: ten million rows store, join and compare integers. (etl.warehouse moves a
-- warehouse whose rows still carry the key over, once.)
-- program_id is stored uncompressed: its dictionary and FSST analysis cost ~3 CPU s of each
-- ten-million-row write (4.7 against 7.3 CPU s for the whole table) for ~70 MB of file; ids of
-- up to 12 characters are read back inline, without decompression.
create table if not exists core.participation (
    program_id varchar using compression uncompressed not null,
    role varchar not null,
    edits bigint,
    bytes_added bigint,
    articles_created bigint,
    articles_edited bigint,
    uploads bigint,
    batch_id integer not null,
    person_id integer not null
);

-- A warehouse from before person numbers gets them here, once: each person the next number
-- (etl.warehouse then gives each participation row its person's).
alter table core.people add column if not exists person_id integer default nextval('core.person_seq');

-- The people participation loads touched since the marts were last built, as they were then
-- (`existed` false: not yet a person), and their participation rows as they were then, kept by
-- core/participation.sql at a person's first touch, so that etl/marts.py can correct the marts'
-- counts by those people alone; emptied by every mart build.
create table if not exists core.touched_people (
    person_id integer not null,
    registered_at date,
    gender varchar,
    existed boolean not null
);

create table if not exists core.touched_participation (
    program_id varchar not null,
    person_id integer not null,
    role varchar not null,
    edits bigint,
    bytes_added bigint,
    articles_created bigint,
    articles_edited bigint,
    uploads bigint
);

create table if not exists core.roles (
    person_key varchar not null,
    role varchar not null,
    body varchar not null,
    country_code varchar,
    start_date date not null,
    end_date date,
    batch_id integer not null
);

create table if not exists core.budgets (
    fiscal_year varchar not null,
    region_code varchar not null,
    budget_usd decimal(16, 2) not null,
    batch_id integer not null
);

create table if not exists core.active_editors (
    month date not null,
    region_code varchar not null,
    active_editors bigint not null,
    batch_id integer not null
);

-- Dated notes explaining a change; blank region, fund and themes mean the note concerns all.
create table if not exists core.annotations (
    note_date date not null,
    fiscal_year varchar not null,
    title varchar not null,
    text varchar,
    region_code varchar,
    fund varchar,
    themes varchar[],
    batch_id integer not null
);

-- Figures a source reports for a program as a whole (a Dashboard course's statistics, a Wiki
-- Loves country's figures), as that source counts them: participants here are its own count,
-- not core.participation's.
create table if not exists core.program_stats (
    program_id varchar not null,
    participants bigint,
    new_participants bigint,
    total_edits bigint,
    total_articles_created bigint,
    total_articles_edited bigint,
    total_bytes_added bigint,
    references_added bigint,
    total_uploads bigint,
    uploads_used bigint,
    article_views bigint,
    training_completion_rate decimal(18, 2),
    wikidata_items_created bigint,
    wikidata_claims_created bigint,
    wikidata_labels_added bigint,
    wikidata_descriptions_added bigint,
    wikidata_edits bigint,
    batch_id integer not null
);

-- Programs found to be copies of another (a Dashboard backup course with the same dates and
-- figures): the copy is not a program; exports that name it count under program_id.
create table if not exists core.program_aliases (
    alias_id varchar not null,
    alias_title varchar,
    program_id varchar not null,
    batch_id integer not null
);
