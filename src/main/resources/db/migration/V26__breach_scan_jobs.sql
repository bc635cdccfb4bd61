-- The privacy officer's breach scans run as jobs on the lab server (ADR 0046), and the notification lists asked for
-- from them. Both tables are projections of the event log (BreachScanProjection). No identifier of a patient here:
-- the paths scanned, the case reference, states, and the findings' counts sealed like every finding of a scan.

create table breach_scan (
    id              uuid        primary key,
    case_reference  text        not null,
    paths           text[]      not null,
    started_by      text        not null,
    started_at      timestamptz not null,
    state           text        not null check (state in ('RUNNING', 'FINISHED', 'FAILED', 'INTERRUPTED')),
    finished_at     timestamptz,
    -- Why a scan stopped, sealed: a refusal from the scan may quote a path inside the dump, which can name a person.
    failure         bytea,
    -- The counts of what the scan found (ScanOutcome), sealed with FieldCipher and bound to this row.
    outcome         bytea,
    event_sequence  bigint
);

-- One scan at a time: a dump is read on every core, and a second scan would halve both.
create unique index breach_scan_one_running on breach_scan ((true)) where state = 'RUNNING';

create table breach_notification_list (
    export_id     uuid        primary key,
    scan_id       uuid        not null,
    requested_by  text        not null,
    requested_at  timestamptz not null
);

create index breach_notification_list_scan on breach_notification_list (scan_id);
