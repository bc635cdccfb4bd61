-- Each referral's due time (issue 15, referral safety): the partner's turnaround for its priority plus transport,
-- fixed from the agreement in force when it was asked for (ReferralRequested.dueBy). The "Referred out" worklist
-- pages, filters and counts overdue referrals in the query from it, so no open referral is left off a page.
-- Null: no agreement to time it by, which the worklist treats as overdue.
alter table referral add column due_by timestamptz;

-- Referrals asked for before this: the same figure the projection works out when such events are replayed.
update referral r set due_by = r.requested_at + make_interval(mins =>
        coalesce((a.terms -> 'turnaroundMinutes' ->> r.priority)::int, 0) + coalesce((a.terms ->> 'transportMinutes')::int, 0))
    from partner_agreement a where a.ods_code = r.partner_ods;

-- The open worklist by partner (the screen's filter) and its order: overdue first, then oldest.
create index referral_open_partner on referral (partner_ods, requested_at) where state not in ('CLOSED', 'CANCELLED');
