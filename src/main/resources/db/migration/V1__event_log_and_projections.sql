-- The system of record. Payloads are AEAD ciphertext bound to (seq, stream, type); hash chains every row.
create table event_log (
    seq         bigint      primary key,
    stream_id   text        not null,
    event_type  text        not null,
    recorded_at timestamptz not null,
    actor       text        not null,
    payload     bytea       not null,
    prev_hash   bytea       not null,
    hash        bytea       not null
);
create index event_log_stream on event_log (stream_id, seq);

create function event_log_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'event_log is append-only: % is not allowed', tg_op;
end $$;
create trigger event_log_no_update_or_delete before update or delete on event_log
    for each row execute function event_log_is_append_only();
create trigger event_log_no_truncate before truncate on event_log
    for each statement execute function event_log_is_append_only();

-- Projections below are rebuilt from the log. Sealed columns hold AEAD ciphertext bound to
-- table.column:row; *_index columns hold keyed HMACs (blind indexes). Nothing here is plaintext
-- patient data.
create table patient (
    id              uuid        primary key,
    nhs_index       bytea       not null unique,
    hospital_index  bytea,
    test_patient    boolean     not null,
    demographics    bytea       not null,
    registered_at   timestamptz not null
);
create index patient_hospital on patient (hospital_index);

create sequence accession_number;

create table lab_order (
    id                   uuid        primary key,
    accession            text        not null unique,
    patient_id           uuid        not null references patient (id),
    requester_ods        text        not null,
    clinician            text        not null,
    priority             text        not null,
    placer_order_number  text,
    clinical_details     bytea,
    placed_at            timestamptz not null,
    received_at          timestamptz,
    reported_at          timestamptz,
    target_minutes       integer     not null,
    unique (requester_ods, placer_order_number)
);
create index lab_order_patient on lab_order (patient_id);
create index lab_order_open on lab_order (placed_at) where reported_at is null;

create table order_test (
    order_id   uuid not null references lab_order (id),
    test_code  text not null,
    primary key (order_id, test_code)
);

create table specimen (
    id                 uuid        primary key,
    barcode            text        not null unique,
    order_id           uuid        not null references lab_order (id),
    specimen_type      text        not null,
    container          text        not null,
    collected_at       timestamptz not null,
    received_at        timestamptz,
    received_by        text,
    status             text        not null,
    rejection_reason   text,
    rejection_comment  bytea
);
create index specimen_order on specimen (order_id);

create table result (
    id            uuid        primary key,
    order_id      uuid        not null references lab_order (id),
    specimen_id   uuid        not null references specimen (id),
    patient_id    uuid        not null references patient (id),
    test_code     text        not null,
    analyte_code  text        not null,
    status        text        not null,
    hold_reasons  text,
    critical      boolean     not null,
    version       integer     not null,
    sealed        bytea       not null,
    recorded_at   timestamptz not null,
    recorded_by   text        not null,
    authorised_at timestamptz,
    authorised_by text,
    unique (specimen_id, analyte_code)
);
create index result_patient_analyte on result (patient_id, analyte_code, recorded_at);
create index result_order on result (order_id);
create index result_held on result (recorded_at) where status = 'PRELIMINARY';

-- Every value a result has had, so an amendment never erases the earlier one.
create table result_version (
    result_id    uuid        not null references result (id),
    version      integer     not null,
    sealed       bytea       not null,
    recorded_at  timestamptz not null,
    recorded_by  text        not null,
    primary key (result_id, version)
);

create table critical_alert (
    id            uuid        primary key,
    result_id     uuid        not null references result (id),
    order_id      uuid        not null references lab_order (id),
    raised_at     timestamptz not null,
    status        text        not null,
    told_whom     text,
    told_at       timestamptz,
    read_back     boolean,
    recorded_by   text
);
create index critical_alert_open on critical_alert (raised_at) where status = 'OPEN';

create table report (
    order_id     uuid        not null references lab_order (id),
    version      integer     not null,
    released_at  timestamptz not null,
    released_by  text        not null,
    amended      boolean     not null,
    content      bytea       not null,
    primary key (order_id, version)
);
