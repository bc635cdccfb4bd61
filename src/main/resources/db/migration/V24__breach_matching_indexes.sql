-- Matching a leaked dump against the registry without decrypting it (ADR 0044); projections of the event log
-- (PatientProjection). Two more blind indexes per patient: the normalised family name with the date of birth, and
-- the normalised family name with the first given name. Both are nulled when a record is merged into another, like
-- its NHS number's. They are keyed HMACs (crypto.BlindIndex), never the values.
alter table patient add column family_birth_index bytea;
alter table patient add column name_index bytea;
-- The letter/digit pattern of the patient's hospital number ("LLDDDDDD"), never the number: the breach scan looks for
-- hospital numbers of the shapes the lab's patients (not merged) have.
alter table patient add column hospital_shape text;
create index patient_family_birth on patient (family_birth_index);
create index patient_name on patient (name_index);
create index patient_hospital_shape on patient (hospital_shape) where hospital_shape is not null;
