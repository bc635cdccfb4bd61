-- The privacy officer's outcome of each break-glass read (one read event may open several patients; it is
-- reviewed once, as a whole). The primary key is what makes a second review of the same read impossible, whatever
-- the service checks first. The note may name what the officer found, so it is sealed like the typed reason.
create table break_glass_review (
    read_sequence  bigint      primary key,
    event_sequence bigint      not null unique,
    reviewer       text        not null,
    outcome        text        not null check (outcome in ('JUSTIFIED', 'NOT_JUSTIFIED')),
    note           bytea,
    reviewed_at    timestamptz not null
);

-- The posture counts the access alerts still open on every look; closed ones are the many.
create index access_alert_open on access_alert (raised_at) where closed_at is null;
