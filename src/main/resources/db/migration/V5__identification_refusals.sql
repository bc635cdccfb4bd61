-- Attempts to identify a patient (NHS number with family name and date of birth) that did not
-- match: what the guessing throttle counts. A projection of PatientIdentificationRefused events;
-- the patient, when one was named, only by pseudonymous id.
create table identification_refusal (
    event_sequence  bigint      primary key,
    principal       text        not null,
    patient_id      uuid,
    refused_at      timestamptz not null
);

create index identification_refusal_principal on identification_refusal (principal, refused_at);
