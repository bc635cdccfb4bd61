-- Accounts have a lifecycle beyond invited and active: an administrator disables and re-enables
-- them, resets a lost authenticator (a new enrolment link), changes their role. Privileged changes
-- wait in account_change for a second administrator. The privacy officer reviews access alerts
-- (notes, outcomes, closing) and looks up who read a patient; each look-up is itself recorded.
-- All are projections of the event log (AccountProjection, AccessProjection).

alter table account drop constraint account_state_check;
alter table account add constraint account_state_check check (state in ('INVITED', 'ACTIVE', 'DISABLED'));
alter table account add column state_changed_at timestamptz;
alter table account add column state_changed_by text;
-- Set while a reset authenticator awaits its new enrolment: the account was active before.
alter table account add column authenticator_reset_at timestamptz;

create table account_change (
    id            uuid        primary key,
    account_id    uuid        not null,
    username      text        not null,
    kind          text        not null check (kind in ('ROLE', 'ENABLE', 'AUTHENTICATOR_RESET')),
    new_role      text,
    reason        text        not null,
    proposed_by   text        not null,
    proposed_at   timestamptz not null,
    state         text        not null check (state in ('AWAITING_APPROVAL', 'APPROVED', 'REFUSED')),
    decided_by    text,
    decided_at    timestamptz
);

create index account_change_waiting on account_change (proposed_at) where state = 'AWAITING_APPROVAL';

alter table access_alert add column outcome text;
alter table access_alert add column closed_by text;
alter table access_alert add column closed_at timestamptz;

create table access_alert_note (
    event_sequence  bigint      primary key,
    alert_sequence  bigint      not null,
    reviewer        text        not null,
    note            text        not null,
    outcome         text,
    noted_at        timestamptz not null
);

create index access_alert_note_alert on access_alert_note (alert_sequence);

-- The privacy officer's look-ups of who read a patient: audit work, not a read of clinical data.
-- A look-up whose NHS number matched nobody is recorded too, without the number.
create table reads_lookup (
    event_sequence  bigint      primary key,
    principal       text        not null,
    patient_id      uuid,
    looked_up_at    timestamptz not null
);

create index reads_lookup_patient on reads_lookup (patient_id);
