-- Incidents (a lab's, or the network's at the router) and the incident cell's figures: projections of the event log
-- (IncidentProjection). Summaries and sources are people's words, sealed with the field cipher.

create table incident (
    id                 uuid        primary key,
    scope              text        not null check (scope in ('LAB', 'NETWORK')),
    lab_ods            text,
    name               text        not null,
    summary            bytea       not null,
    declared_by        text        not null,
    declared_at        timestamptz not null,
    confirmed_by       text,
    confirmed_at       timestamptz,
    close_proposed_by  text,
    close_proposed_at  timestamptz,
    closing_summary    bytea,
    closed_by          text,
    closed_at          timestamptz
);

-- One incident in force at a time for a scope: the projection checks it too, with a clear reason.
create unique index incident_one_in_force on incident (scope) where closed_at is null;
create index incident_declared_at on incident (declared_at);

create table incident_figure (
    id                 uuid          primary key,
    incident_id        uuid          not null references incident (id),
    organisation_ods   text          not null,
    organisation_name  text          not null,
    day                date          not null,
    kind               text          not null,
    value              numeric(14,2) not null check (value >= 0),
    source             bytea         not null,
    entered_by         text          not null,
    entered_at         timestamptz   not null,
    -- The event's place in the log: a later entry for the same organisation, day and kind replaces an earlier one.
    sequence           bigint        not null
);

create index incident_figure_day on incident_figure (incident_id, day);
