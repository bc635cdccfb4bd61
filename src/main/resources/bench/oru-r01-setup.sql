-- What the ORU^R01 script (oru-r01.pgbench) finds before it runs: per message ("n"), a patient, an order placed for
-- U&E and LFT with the route to its requester, and its received serum tube, as the bench hl7 load leaves them.
-- Ids derive from n (md5('o' || n)::uuid ...), so the script names them without reading them first.
-- :messages is replaced by the bench with how many messages the run may take.
insert into requester_route (requester_ods, host, port, receiving_application, receiving_facility, configured_at, configured_by)
values ('RJ122', '127.0.0.1', 9, 'EPR', 'RJ122', now(), 'pg-limit') on conflict do nothing;
insert into hl7_sender (name, address, requesters, departments, configured_at, configured_by)
values ('pg-limit', '127.0.0.1', '{RJ122}', '{Clinical biochemistry}', now(), 'pg-limit') on conflict do nothing;
insert into patient (id, nhs_index, test_patient, demographics, registered_at)
select md5('p' || n)::uuid, sha256(convert_to('nhs' || n, 'UTF8')), false, convert_to(repeat(md5('d' || n), 5), 'UTF8'), now()
from generate_series(1, :messages) n;
insert into lab_order (id, accession, patient_id, requester_ods, clinician, priority, placer_order_number, placed_at, received_at,
                       target_minutes)
select md5('o' || n)::uuid, 'PL' || n, md5('p' || n)::uuid, 'RJ122', 'C1234567', 'ROUTINE', 'OPL' || n, now(), now(), 1440
from generate_series(1, :messages) n;
insert into order_test (order_id, test_code, added_at)
select md5('o' || n)::uuid, t, now() from generate_series(1, :messages) n, unnest(array['UE', 'LFT']) t;
insert into specimen (id, barcode, order_id, specimen_type, container, collected_at, received_at, received_by, status)
select md5('s' || n)::uuid, 'BPL' || n, md5('o' || n)::uuid, 'SER', 'SST', now(), now(), 'pg-limit', 'RECEIVED'
from generate_series(1, :messages) n;
create sequence pg_limit_message;
create sequence pg_limit_event start with 1000000;
analyze;
