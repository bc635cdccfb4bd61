-- Route changes wait for a second person, and routes may only point at destinations the
-- administrator allowed. Both tables are projections of the event log (RouteProjection).

create table route_proposal (
    id                     uuid        primary key,
    requester_ods          text        not null,
    host                   text        not null,
    port                   integer     not null,
    receiving_application  text        not null,
    receiving_facility     text        not null,
    proposed_by            text        not null,
    proposed_at            timestamptz not null,
    state                  text        not null check (state in ('AWAITING_APPROVAL', 'APPROVED', 'REFUSED')),
    decided_by             text,
    decided_at             timestamptz
);

create table route_destination (
    host        text        not null,
    port        integer     not null,
    allowed_by  text        not null,
    allowed_at  timestamptz not null,
    primary key (host, port)
);
