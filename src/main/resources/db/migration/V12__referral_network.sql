-- Referral between labs (issue 15): mutual-aid agreements with partner laboratories and every referred test
-- until its result is in. Projections of the event log (network/ReferralProjection). No patient data in clear:
-- referrals name orders, tests and boxes, and the patient is read through the order, behind the read gate; the
-- reasons people and partners write (refusals, cancellations, capacity overrides) may name someone, so they are
-- sealed (bytea, AEAD bound to their row); why an agreement ended stays in its event.

create table partner_agreement (
    ods_code     text        primary key,
    name         text        not null,
    host         text        not null,
    port         integer     not null,
    tls          boolean     not null,
    terms        jsonb       not null,
    set_by       text        not null,
    set_at       timestamptz not null,
    ended_by     text,
    ended_at     timestamptz
);

create table referral (
    id                 uuid        primary key,
    order_id           uuid        not null,
    accession          text        not null,
    test_code          text        not null,
    partner_ods        text        not null,
    priority           text        not null,
    state              text        not null check (state in ('REQUESTED', 'SENT', 'DISPATCHED', 'RECEIVED', 'RESULTED',
                                                              'CLOSED', 'REFUSED', 'CANCEL_REQUESTED', 'CANCELLED')),
    state_before       text,
    partner_accession  text,
    reason             bytea,
    way                text        not null,
    capacity_override  bytea,
    dispatch_id        uuid,
    requested_by       text        not null,
    requested_at       timestamptz not null,
    -- The lab's (UK) day it was asked for, which capacity is counted by.
    requested_day      date        not null,
    changed_at         timestamptz not null
);

-- A test is referred once at a time: a refused or cancelled referral leaves room for another.
create unique index referral_one_live_per_test on referral (order_id, test_code) where state not in ('REFUSED', 'CANCELLED');
create index referral_open on referral (state, requested_at) where state not in ('CLOSED', 'CANCELLED');
create index referral_capacity on referral (partner_ods, requested_day, priority);
create index referral_accession on referral (accession);

create table referral_transition (
    referral_id  uuid        not null,
    sequence     bigint      not null,
    from_state   text,
    to_state     text        not null,
    reason       bytea,
    actor        text        not null,
    at           timestamptz not null,
    primary key (referral_id, sequence)
);

create table referral_dispatch (
    id           uuid        primary key,
    partner_ods  text        not null,
    packed_by    text        not null,
    packed_at    timestamptz not null
);
