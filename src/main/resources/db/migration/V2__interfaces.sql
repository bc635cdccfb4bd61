-- HL7 interfaces: accepted inbound messages (for idempotency), requesters' result routes and the
-- outbound report queue. All are projections of the event log except the retry bookkeeping columns
-- of outbound_message, which only pace delivery attempts.

create table inbound_message (
    sender          text        not null,
    control_id      text        not null,
    message_type    text        not null,
    received_at     timestamptz not null,
    event_sequence  bigint      not null,
    ack             bytea       not null,   -- sealed: the acknowledgement sent, returned again on a resend
    primary key (sender, control_id)
);

create table requester_route (
    requester_ods          text        primary key,
    host                   text        not null,
    port                   integer     not null,
    receiving_application  text        not null,
    receiving_facility     text        not null,
    configured_at          timestamptz not null,
    configured_by          text        not null
);

create table outbound_message (
    id               uuid        primary key,
    order_id         uuid        not null,
    report_version   integer     not null,
    requester_ods    text        not null,
    state            text        not null check (state in ('PENDING', 'DELIVERED', 'DEAD')),
    created_at       timestamptz not null,
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz not null,
    last_error       text,
    delivered_at     timestamptz,
    unique (order_id, report_version)
);

create index outbound_message_due on outbound_message (next_attempt_at) where state = 'PENDING';
