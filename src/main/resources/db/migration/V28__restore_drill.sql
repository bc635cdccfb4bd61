-- Restore drills (ADR 0048): each run of `./pathguard drill restore` or of serve's schedule, from RestoreDrillRecorded.
-- No patient data: the repository's location, counts, durations and, for a failed drill, why (the restore's refusal names
-- segments and digests; anything else is named by its kind only).

create table restore_drill (
    id               uuid        primary key,
    run_by           text        not null,
    started_at       timestamptz not null,
    duration_ms      bigint      not null,
    passed           boolean     not null,
    repository       text        not null,
    events_restored  bigint      not null,
    counts           text        not null,
    reason           text,
    event_sequence   bigint      not null
);

create index restore_drill_latest on restore_drill (event_sequence desc);
