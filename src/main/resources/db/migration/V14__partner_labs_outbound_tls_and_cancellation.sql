-- A partner laboratory as an HL7 sender (issue 15): its ODS code, and the tests of our catalogue it may refer to us.
-- Senders registered before referrals are not laboratories (null) and may refer nothing.
alter table hl7_sender add column partner_lab text;
alter table hl7_sender add column referable_tests text[] not null default '{}';

-- A result route may be over TLS, the lab presenting its client certificate (pathguard.outbound.tls.*). Routes set
-- before this are plain MLLP, as they were sent.
alter table requester_route add column tls boolean not null default false;
alter table route_proposal add column tls boolean not null default false;

-- A test cancelled before it had a result (TestCancelled), and an order whose every test was (OrderCancelled):
-- nothing waits for them any more. The reason stays in the event log only.
alter table order_test add column cancelled_at timestamptz;
alter table order_test add column cancelled_by text;
alter table lab_order add column cancelled_at timestamptz;
