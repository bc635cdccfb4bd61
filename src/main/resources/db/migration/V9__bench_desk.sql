-- Reception finds a barcode in any case (a scanner on Caps Lock types abc123 for ABC123).
create index specimen_barcode_any_case on specimen (upper(barcode));

-- Who was told a critical result, as name and role (told_whom stays as the two written together).
alter table critical_alert add column told_name text;
alter table critical_alert add column told_role text;

-- The critical-result contact directory: whom to phone for each requester, set by a lab manager
-- (projection of RequesterContactSet, ContactProjection).
create table requester_contact (
    requester_ods  text        primary key,
    name           text        not null,
    phone          text,
    bleep          text,
    set_by         text        not null,
    set_at         timestamptz not null
);

-- Calls that did not reach anyone ("no answer", "left message") and escalations, before the call that
-- closed the alert (projection of CriticalCallAttempted, ResultProjection).
create table critical_call_attempt (
    alert_id      uuid        not null references critical_alert (id),
    attempted_at  timestamptz not null,
    outcome       text        not null,
    called        text        not null,
    note          text,
    recorded_by   text        not null
);
create index critical_call_attempt_alert on critical_call_attempt (alert_id, attempted_at);
