-- The lab's canary patient (ADR 0051): which registered patient it is. Its values are in the patient table, sealed
-- like anyone's; this table only marks it, so the stored-data probe can open it and search the database for it.
create table posture_canary (
    patient_id    uuid        primary key,
    registered_at timestamptz not null
);
