-- A partner laboratory as an HL7 sender (issue 15): its ODS code, and the tests of our catalogue it may refer to us.
-- Senders registered before referrals are not laboratories (null) and may refer nothing.
alter table hl7_sender add column partner_lab text;
alter table hl7_sender add column referable_tests text[] not null default '{}';
