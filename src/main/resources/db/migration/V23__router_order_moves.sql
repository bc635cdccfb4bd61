-- The network's sitrep at the router (issue 17, ADR 0041) counts each day what happened to orders that day, and the
-- backlog as it stood at the end of each day. router_order keeps only where an order is now (a later move overwrites
-- changed_at and triaged_at), so this keeps every move with its time: a projection of events the router already
-- records (OrderTakenByLab, OrderRefusedByLab, OrderTriaged, OrderReleasedToHomeLab, PartnerResultReceived), written by
-- OrderMoveProjection. No new event; no patient data (order ids, lab ODS codes and times only).
-- A router with orders from before this version fills it by replaying its log once: ./pathguard rebuild.
create table router_order_move (
    order_id  uuid        not null references router_order (id),
    sequence  bigint      not null,
    at        timestamptz not null,
    move      text        not null check (move in ('TAKEN_BY_HOME_LAB', 'REFUSED_BY_HOME_LAB', 'ROUTED', 'TAKEN_BY_PARTNER',
                                                   'REFUSED_BY_PARTNER', 'DEFERRED', 'REFUSED', 'RELEASED', 'RESULTED')),
    lab       text,
    primary key (order_id, sequence)
);
-- A day's moves (the activity table), and an order's moves up to a moment (the backlog at each day's end).
create index router_order_move_at on router_order_move (at);
create index router_order_move_order on router_order_move (order_id, at);
-- Turnaround: results relayed to requesters in the period.
create index router_outbound_delivered on router_outbound (delivered_at) where kind = 'RESULT_TO_REQUESTER';
