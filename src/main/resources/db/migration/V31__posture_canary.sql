-- The lab's canary patient (ADR 0051): which registered patient it is. Its values are in the patient table, sealed
-- like anyone's; this table only marks it, so the stored-data probe can open it and search the database for it.
-- One row at most (one_row can only be true): should two processes each register a canary, the projection keeps the
-- first and the second stays an ordinary test patient, instead of two rows no single-row read could take.
create table posture_canary (
    one_row       boolean     primary key default true check (one_row),
    patient_id    uuid        not null unique,
    registered_at timestamptz not null
);
