-- The GP's results inbox. Both tables are projections of the event log (InboxProjection):
-- which version of a report a clinician filed (acknowledged), and when each person last
-- opened their inbox, so reports released since then read as new.

create table report_filing (
    order_id       uuid        not null references lab_order (id),
    version        integer     not null,
    requester_ods  text        not null,
    filed_by       text        not null,
    filed_at       timestamptz not null,
    primary key (order_id, version)
);

create table inbox_visit (
    principal  text        primary key,
    seen_at    timestamptz not null
);
