-- Patient demographic corrections and merges (ADR 0033); projections of the event log (PatientProjection, and
-- OrderProjection/ResultProjection for whose orders and results are whose after a merge).
-- A merged record keeps its sealed history but no NHS number or hospital number to be found by, and names the
-- record it was merged into; only a record not merged takes new work.
alter table patient alter column nhs_index drop not null;
alter table patient add column merged_into uuid references patient (id);
alter table patient add column merged_at timestamptz;

-- What the record shows of its corrections and merges: the names of the fields corrected (never their values), the
-- other record of a merge, and the reason, sealed to its row (it may name the person).
create table patient_change (
    event_sequence    bigint      not null,
    patient_id        uuid        not null references patient (id),
    kind              text        not null,
    other_patient_id  uuid,
    fields            text,
    reason            bytea       not null,
    changed_by        text        not null,
    changed_at        timestamptz not null,
    primary key (event_sequence, patient_id)
);
