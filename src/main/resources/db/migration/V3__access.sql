-- Access security: accounts, machine credentials, patient reads and alerts, exports. All are
-- projections of the event log. Secrets appear only as Argon2id hashes or keyed HMACs (whose key
-- lives outside the database), TOTP secrets and typed reasons only sealed.

create table account (
    id                  uuid        primary key,
    username            text        not null unique,
    role                text        not null,
    organisation        text        not null,
    state               text        not null check (state in ('INVITED', 'ACTIVE')),
    invited_at          timestamptz not null,
    invited_by          text        not null,
    enrolment_index     bytea       unique,       -- HMAC of the one-time enrolment token
    enrolment_expires   timestamptz,
    oidc_subject        text        unique,
    password_hash       text,                     -- Argon2id
    totp_secret         bytea,                    -- sealed to the row
    recovery_indexes    bytea[]     not null default '{}',  -- HMACs of unused recovery codes
    last_totp_step      bigint      not null default 0,
    failed_attempts     integer     not null default 0,
    locked_until        timestamptz,
    flagged_for_review  boolean     not null default false,
    last_sign_in        timestamptz
);

create table api_credential (
    id            uuid        primary key,
    name          text        not null unique,
    organisation  text        not null,
    scopes        text[]      not null,
    secret_index  bytea       not null unique,    -- HMAC of the secret
    issued_at     timestamptz not null,
    issued_by     text        not null,
    revoked_at    timestamptz
);

-- One row per patient per read: what budgets and pattern checks count.
create table patient_read (
    event_sequence  bigint      not null,
    principal       text        not null,
    patient_id      uuid        not null,
    read_at         timestamptz not null,
    what            text        not null,
    reason          text        not null,
    break_glass     bytea                         -- the typed reason, sealed
);

create index patient_read_principal on patient_read (principal, read_at);
create index patient_read_patient on patient_read (patient_id);
create index patient_read_break_glass on patient_read (read_at) where reason = 'BREAK_GLASS';

create table access_alert (
    event_sequence  bigint      primary key,
    principal       text        not null,
    kind            text        not null,
    detail          text        not null,
    raised_at       timestamptz not null
);

create index access_alert_principal on access_alert (principal, kind, raised_at);

create table data_export (
    id               uuid        primary key,
    requested_by     text        not null,
    requested_at     timestamptz not null,
    identifiable     boolean     not null,
    query            bytea       not null,        -- sealed: what the export selects
    purpose          bytea       not null,        -- sealed: why
    state            text        not null check (state in ('AWAITING_APPROVAL', 'APPROVED', 'REFUSED', 'PRODUCED')),
    decided_by       text,
    decided_at       timestamptz,
    fingerprint      text        unique,
    file_sha256      text,
    produced_at      timestamptz,
    patient_count    integer
);
