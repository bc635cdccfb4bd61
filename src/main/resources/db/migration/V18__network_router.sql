-- The network router (pathguard.mode=router): its directory of labs, requesters and mutual-aid agreements, changed
-- only with a second person's approval; the orders it took and where each is now; the partner results it keeps for
-- the home lab; and the messages it owes requesters and labs. All are projections of the router's event log
-- (org.pathguard.router). HL7 message bodies and acknowledgements are sealed (FieldCipher), never in clear.

create table router_change (
    id           uuid        primary key,
    kind         text        not null check (kind in ('LAB', 'REQUESTER', 'MUTUAL_AID')),
    subject      text        not null,
    change       jsonb       not null,
    proposed_by  text        not null,
    proposed_at  timestamptz not null,
    state        text        not null check (state in ('AWAITING_APPROVAL', 'APPROVED', 'REFUSED')),
    decided_by   text,
    decided_at   timestamptz,
    comment      text
);

create table router_lab (
    ods                    text        primary key,
    name                   text        not null,
    host                   text        not null,
    port                   integer     not null,
    tls                    boolean     not null,
    receiving_application  text        not null,
    receiving_facility     text        not null,
    state                  text        not null check (state in ('UP', 'SUSPECTED', 'DOWN')),
    state_since            timestamptz not null,
    state_reason           text,
    drain_per_minute       integer,
    unreachable_since      timestamptz
);

create table router_requester (
    ods                    text        primary key,
    name                   text        not null,
    setting                text        not null check (setting in ('GP', 'ED', 'WARD', 'OUTPATIENTS')),
    home_lab               text        not null,
    results_host           text        not null,
    results_port           integer     not null,
    results_tls            boolean     not null,
    routine_quota_per_day  integer
);

create table router_mutual_aid (
    home_lab             text    not null,
    partner              text    not null,
    tests                text[]  not null,
    critical_per_day     integer not null,
    urgent_per_day       integer not null,
    routine_per_day      integer not null,
    critical_minutes     integer,
    urgent_minutes       integer,
    routine_minutes      integer,
    transport_minutes    integer not null,
    primary key (home_lab, partner)
);

create table router_order (
    id                 uuid        primary key,
    source             text        not null,
    sender             text        not null,
    control_id         text        not null,
    content_digest     bytea       not null,
    ack                bytea       not null,
    message            bytea       not null,
    message_type       text        not null,
    requester_ods      text        not null,
    home_lab           text        not null,
    placer_number      text        not null,
    placer_group       text,
    priority           text        not null check (priority in ('CRITICAL', 'URGENT', 'ROUTINE')),
    tests              text[]      not null,
    received_at        timestamptz not null,
    state              text        not null check (state in ('FORWARDING', 'AT_HOME_LAB', 'HOME_LAB_REFUSED', 'ROUTING',
                                                             'AT_PARTNER', 'DEFERRED', 'REFUSED', 'RESULTED')),
    partner            text,
    excluded_partners  text[]      not null default '{}',
    accession          text,
    note               text,
    triaged_at         timestamptz,
    released_at        timestamptz,
    changed_at         timestamptz not null,
    unique (source, sender, control_id)
);
create index router_order_state on router_order (state, home_lab);
create index router_order_placer on router_order (requester_ods, placer_number);
create index router_order_received on router_order (home_lab, received_at);

create table router_result (
    id              uuid        primary key,
    order_id        uuid        not null references router_order (id),
    source          text        not null,
    sender          text        not null,
    control_id      text        not null,
    content_digest  bytea       not null,
    ack             bytea       not null,
    message         bytea       not null,
    performing_lab  text        not null,
    received_at     timestamptz not null,
    sent_home       boolean     not null default false,
    unique (source, sender, control_id)
);

create table router_outbound (
    id            uuid        primary key,
    kind          text        not null check (kind in ('STATUS', 'RESULT_TO_REQUESTER', 'RESULT_TO_HOME_LAB')),
    order_id      uuid        not null references router_order (id),
    target        text        not null check (target in ('REQUESTER', 'LAB')),
    target_ods    text        not null,
    message       bytea       not null,
    state         text        not null check (state in ('PENDING', 'DELIVERED', 'REFUSED')),
    attempts      integer     not null default 0,
    created_at    timestamptz not null,
    delivered_at  timestamptz,
    last_error    text
);
create index router_outbound_pending on router_outbound (state, created_at);
