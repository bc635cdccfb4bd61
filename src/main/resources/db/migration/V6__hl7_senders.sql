-- The directory of HL7 senders the administrator keeps (projection of Hl7SenderConfigured / Hl7SenderRemoved).
-- A sender is known by its TLS client certificate's common name, or by its source address for plain MLLP.
create table hl7_sender (
    name            text        primary key,
    certificate     text        unique,         -- CN of the client certificate, under TLS
    address         text        unique,         -- source IP address, for plain MLLP
    requesters      text[]      not null,       -- ODS codes it may send orders for (none: sends no orders)
    departments     text[]      not null,       -- departments it may send results for (none: sends no results)
    configured_at   timestamptz not null,
    configured_by   text        not null,
    check (certificate is not null or address is not null)
);

-- Resends are keyed by the authenticated sender as well as MSH-3/MSH-4 and MSH-10, and carry a keyed
-- digest (HMAC) of the content, so a different message under a used control id is refused, not answered.
alter table inbound_message add column source text not null default '';
alter table inbound_message add column content_digest bytea;
alter table inbound_message drop constraint inbound_message_pkey;
alter table inbound_message add primary key (source, sender, control_id);
