-- The requester's setting (GP, ED, WARD, OUTPATIENTS) in the lab's requester directory, which the sitrep counts
-- and measures turnaround by (projection of RequesterContactSet, ContactProjection). Null: not recorded, as for
-- every contact set before settings were kept.
alter table requester_contact add column setting text check (setting in ('GP', 'ED', 'WARD', 'OUTPATIENTS'));

-- Event times the sitrep counts by that no projection kept in one place (ADR 0039): when a test was added to an
-- order (TestAdded; null for the tests the order was placed with), when it was first performed here (the first
-- ResultRecorded for any of its analytes without a performing partner; ResultProjection) and when a tube was
-- rejected (SpecimenRejected). Rows projected before this migration have none until `./pathguard rebuild` replays
-- the log into them.
alter table order_test add column added_at timestamptz;
alter table order_test add column performed_at timestamptz;
alter table specimen add column rejected_at timestamptz;

-- The sitrep's set-based queries reach a period's events by their time (LabSitreps; EXPLAIN in ADR 0039).
create index lab_order_placed on lab_order (placed_at);
create index lab_order_received on lab_order (received_at);
create index order_test_added on order_test (added_at) where added_at is not null;
create index order_test_cancelled on order_test (cancelled_at) where cancelled_at is not null;
create index specimen_rejected on specimen (rejected_at) where rejected_at is not null;
create index order_test_performed on order_test (performed_at) where performed_at is not null;
create index report_first on report (released_at) where version = 1;
create index referral_requested on referral (requested_at);
create index referral_changed on referral (changed_at);
create index critical_alert_raised on critical_alert (raised_at);
