-- Internal quality control (issue 20, ADR 0032). Every table is a projection of the qc package's events.

-- The analysers the lab knows: what each measures, by catalogue analyte code.
create table analyser (
    code          text        primary key,
    name          text        not null,
    department    text        not null,
    analytes      text[]      not null,
    registered_by text        not null,
    registered_at timestamptz not null
);

-- Control materials: a lot at one level, until it expires; qc_sample_id is what an analyser sends for it (SPM-2/OBR-3).
create table qc_material (
    code          text        primary key,
    lot           text        not null,
    level         text        not null,
    expires_on    date        not null,
    qc_sample_id  text        unique,
    registered_by text        not null,
    registered_at timestamptz not null
);

-- The material's target mean and SD for one analyte on one analyser.
create table qc_target (
    material_code text    not null references qc_material (code),
    analyser_code text    not null references analyser (code),
    analyte_code  text    not null,
    mean          numeric not null,
    sd            numeric not null check (sd > 0),
    primary key (material_code, analyser_code, analyte_code)
);

-- One QC run of one analyte on one analyser, judged by the Westgard rules. run_order numbers the runs of the pair;
-- the unique key makes two runs judged against the same history at once clash instead of both counting.
create table qc_run (
    id                uuid        primary key,
    analyser_code     text        not null references analyser (code),
    analyte_code      text        not null,
    run_order         integer     not null,
    measured_at       timestamptz not null,
    recorded_at       timestamptz not null,
    recorded_by       text        not null,
    outcome           text        not null,
    rules             text[]      not null,
    explanations      text[]      not null,
    accepted_at       timestamptz,
    accepted_by       text,
    acceptance_reason text,
    unique (analyser_code, analyte_code, run_order)
);

create table qc_point (
    id            uuid    primary key,
    run_id        uuid    not null references qc_run (id),
    material_code text    not null,
    value         numeric not null,
    mean          numeric not null,
    sd            numeric not null,
    z             double precision not null
);
create index qc_point_run on qc_point (run_id);

-- A rejection that put an analyte on an analyser out of control, until a person accepted a later passing run.
create table qc_failure (
    id                uuid        primary key,
    analyser_code     text        not null,
    analyte_code      text        not null,
    run_id            uuid        not null references qc_run (id),
    rules             text[]      not null,
    explanation       text        not null,
    failed_at         timestamptz not null,
    since             timestamptz,
    last_accepted_run uuid,
    accepted_run      uuid,
    accepted_at       timestamptz,
    accepted_by       text,
    acceptance_reason text
);

-- Where each analyte on each analyser stands: in control or not, and its last accepted run.
create table qc_state (
    analyser_code             text    not null,
    analyte_code              text    not null,
    in_control                boolean not null,
    failure_id                uuid,
    last_accepted_run         uuid,
    last_accepted_measured_at timestamptz,
    primary key (analyser_code, analyte_code)
);

-- The look-back of a failure: the patient results released since the last accepted run, and their review.
create table qc_look_back (
    failure_id  uuid        not null references qc_failure (id),
    result_id   uuid        not null,
    outcome     text,
    note        bytea,
    reviewed_by text,
    reviewed_at timestamptz,
    primary key (failure_id, result_id)
);

-- The analyser that produced a patient result (null: not named, or recorded before analysers were known).
alter table result add column analyser_code text;
create index result_analyser on result (analyser_code, analyte_code, recorded_at) where analyser_code is not null;
