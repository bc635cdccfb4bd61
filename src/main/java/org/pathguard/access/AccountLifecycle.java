package org.pathguard.access;

import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What an administrator does to an account after enrolment: unlock, disable, enable, reset the
 * authenticator, change the role. Each is an event naming the administrator and a notice to the
 * privacy officer. Changes that give access back, widen someone's power or hand over someone's
 * identity (re-enabling any account; resetting anyone's authenticator; a role that manages accounts,
 * audits access or runs the lab) wait for a second administrator, never the proposer and never the
 * person the change is about, as route changes and identifiable exports wait for a second person
 * (issue 19). Taking access away is at once. No administrator changes their own account.
 */
@Service
public class AccountLifecycle {

    /** Roles that change what others can do or see: granting one needs a second administrator. */
    static final Set<Actor.Role> PRIVILEGED = Set.of(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR, Actor.Role.LAB_MANAGER,
            Actor.Role.NETWORK_MANAGER);
    static final int SHORTEST_REASON = 5;
    static final int LONGEST_REASON = 500;

    private final EventLog log;
    private final JdbcClient db;
    private final Accounts accounts;

    AccountLifecycle(EventLog log, JdbcClient db, Accounts accounts) {
        this.log = log;
        this.db = db;
        this.accounts = accounts;
    }

    /**
     * What an action did: {@code proposal} when it waits for a second administrator; {@code enrolment} when it made
     * a new enrolment link, whose token is in this answer and nowhere else.
     */
    public record Outcome(String summary, AccountChange proposal, Accounts.Invitation enrolment) {
    }

    public Outcome unlock(Actor by, UUID accountId, String reason) {
        Accounts.Account account = target(by, accountId);
        String why = reason(reason);
        if (account.standing(Instant.now()) != Accounts.Account.Standing.LOCKED && account.failedAttempts() == 0) {
            throw new Conflict(account.username() + " is not locked");
        }
        apply(by, account, new AccountUnlocked(accountId, why), "ACCOUNT_UNLOCKED", "unlocked " + account.username(), why);
        return new Outcome(account.username() + " is unlocked and may sign in again", null, null);
    }

    /** At once, since taking access away never needs a second person; sessions end at their next request. */
    public Outcome disable(Actor by, UUID accountId, String reason) {
        Accounts.Account account = target(by, accountId);
        String why = reason(reason);
        if (account.state().equals("DISABLED")) {
            throw new Conflict(account.username() + " is already disabled");
        }
        apply(by, account, new AccountDisabled(accountId, why), "ACCOUNT_DISABLED", "disabled " + account.username(), why);
        return new Outcome(account.username() + " is disabled: they cannot sign in, and any session of theirs has ended", null, null);
    }

    public Outcome enable(Actor by, UUID accountId, String reason) {
        Accounts.Account account = target(by, accountId);
        String why = reason(reason);
        if (!account.state().equals("DISABLED")) {
            throw new Conflict(account.username() + " is not disabled");
        }
        // Whoever disabled it may have had cause (a stolen password, a leaver): giving access back needs a second person.
        return new Outcome(null, propose(by, account, AccountChange.Kind.ENABLE, null, why), null);
    }

    public Outcome changeRole(Actor by, UUID accountId, Actor.Role role, String reason) {
        Accounts.Account account = target(by, accountId);
        String why = reason(reason);
        if (role == null || !role.human()) {
            throw new LabRuleViolation("invalid-role", "Choose the role the person will work in");
        }
        if (role == account.role()) {
            throw new Conflict(account.username() + " already works as " + role);
        }
        if (PRIVILEGED.contains(role)) {
            return new Outcome(null, propose(by, account, AccountChange.Kind.ROLE, role, why), null);
        }
        apply(by, account, new AccountRoleChanged(accountId, account.role(), role, why, null), "ACCOUNT_ROLE_CHANGED",
                "changed " + account.username() + "'s role from " + account.role() + " to " + role, why);
        return new Outcome(account.username() + " now works as " + role + "; they sign in again to use it", null, null);
    }

    /**
     * A lost phone: a new enrolment link replaces password, authenticator and recovery codes, once a second administrator
     * approves, since whoever enrols through the link becomes this person. Renewing the invitation of someone who never
     * enrolled is at once: there is no identity yet to take over, and the administrator could as well invite them anew.
     */
    public Outcome resetAuthenticator(Actor by, UUID accountId, String reason) {
        Accounts.Account account = target(by, accountId);
        String why = reason(reason);
        if (account.state().equals("DISABLED")) {
            throw new Conflict(account.username() + " is disabled; enable the account first");
        }
        if (account.singleSignOn()) {
            throw new Conflict(account.username() + " signs in through single sign-on; their authenticator is the identity provider's");
        }
        if (!neverEnrolled(account)) {
            return new Outcome(null, propose(by, account, AccountChange.Kind.AUTHENTICATOR_RESET, null, why), null);
        }
        Accounts.EnrolmentLink link = accounts.newEnrolmentLink();
        apply(by, account, new InvitationRenewed(accountId, link.index(), link.expires(), why), "INVITATION_RENEWED",
                "renewed " + account.username() + "'s invitation with a new enrolment link", why);
        return new Outcome("A new enrolment link for " + account.username() + " replaces their invitation", null,
                new Accounts.Invitation(account.id(), account.username(), account.role(), link.token(), link.expires()));
    }

    /** Invited and never enrolled, nor reset since: no password, authenticator or history that a link would hand over. */
    static boolean neverEnrolled(Accounts.Account account) {
        return account.state().equals("INVITED") && account.authenticatorResetAt() == null;
    }

    /** The second administrator's decision: never the proposer's, nor the decision of the person the change is about. */
    public synchronized Outcome decide(Actor by, UUID changeId, boolean approve, String comment) {
        by.require(Actor.Role.ADMINISTRATOR);
        AccountChange change = change(changeId);
        if (by.recorded(change.proposedBy())) {
            throw new ForbiddenAction("A privileged account change needs a second administrator: you proposed this one");
        }
        if (change.username().equals(by.name())) {
            throw new ForbiddenAction("This change is about your own account; another administrator decides it");
        }
        if (change.state() != AccountChange.State.AWAITING_APPROVAL) {
            throw new Conflict("This change is " + change.state().name().toLowerCase().replace('_', ' ')
                    + "; only changes awaiting approval are decided");
        }
        String why = comment == null || comment.isBlank() ? null : comment.strip();
        if (why != null && why.length() > LONGEST_REASON) {
            throw new LabRuleViolation("comment-too-long", "A comment is at most " + LONGEST_REASON + " characters");
        }
        Accounts.Account account = accounts.account(change.accountId());
        NewEvent decided = NewEvent.of("account:" + account.id(), new AccountChangeDecided(changeId, approve, why));
        if (!approve) {
            log.append(by.logName(), decided, notice(by, "ACCOUNT_CHANGE_REFUSED", "refused " + change.proposedBy()
                    + "'s proposal to " + change.describe(), why));
            return new Outcome("Refused: " + change.describe(), change(changeId), null);
        }
        // The account may have moved on since the proposal; the change applies only to the state it was proposed for.
        Accounts.Invitation link = null;
        List<NewEvent> events = new ArrayList<>(List.of(decided));
        String done = "approved " + change.proposedBy() + "'s proposal to " + change.describe();
        switch (change.kind()) {
            case ROLE -> {
                if (account.role() == change.newRole()) {
                    throw new Conflict(account.username() + " already works as " + change.newRole());
                }
                events.add(NewEvent.of("account:" + account.id(), new AccountRoleChanged(account.id(), account.role(),
                        change.newRole(), change.reason(), changeId)));
                events.add(notice(by, "ACCOUNT_ROLE_CHANGED", done, change.reason()));
            }
            case ENABLE -> {
                if (!account.state().equals("DISABLED")) {
                    throw new Conflict(account.username() + " is no longer disabled");
                }
                events.add(NewEvent.of("account:" + account.id(), new AccountEnabled(account.id(), change.reason(), changeId)));
                events.add(notice(by, "ACCOUNT_ENABLED", done, change.reason()));
            }
            case AUTHENTICATOR_RESET -> {
                if (account.state().equals("DISABLED")) {
                    throw new Conflict(account.username() + " has been disabled since; enable the account first");
                }
                Accounts.EnrolmentLink newLink = accounts.newEnrolmentLink();
                events.add(NewEvent.of("account:" + account.id(), new AuthenticatorReset(account.id(), newLink.index(),
                        newLink.expires(), change.reason(), changeId)));
                events.add(notice(by, "AUTHENTICATOR_RESET", done, change.reason()));
                link = new Accounts.Invitation(account.id(), account.username(), account.role(), newLink.token(), newLink.expires());
            }
        }
        log.append(by.logName(), events);
        return new Outcome("Approved: " + change.describe(), change(changeId), link);
    }

    /** Changes awaiting a second administrator first, then the latest decided ones. */
    public List<AccountChange> changes(Actor by) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return db.sql("""
                        select * from account_change
                        order by state = 'AWAITING_APPROVAL' desc, proposed_at desc limit 200""")
                .query(AccountLifecycle::change).list();
    }

    public AccountChange change(Actor by, UUID changeId) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.AUDITOR);
        return change(changeId);
    }

    private AccountChange change(UUID changeId) {
        return db.sql("select * from account_change where id = ?").param(changeId).query(AccountLifecycle::change).optional()
                .orElseThrow(() -> new NotFound("No proposed account change with id " + changeId));
    }

    private AccountChange propose(Actor by, Accounts.Account account, AccountChange.Kind kind, Actor.Role role, String why) {
        boolean waiting = db.sql("select count(*) from account_change where account_id = ? and kind = ? and state = 'AWAITING_APPROVAL'")
                .param(account.id()).param(kind.name()).query(Long.class).single() > 0;
        if (waiting) {
            throw new Conflict("A proposal to change " + account.username() + " in this way already waits for a second administrator");
        }
        UUID id = UUID.randomUUID();
        AccountChangeProposed proposed = new AccountChangeProposed(id, account.id(), account.username(), kind, role, why);
        AccountChange described = new AccountChange(id, account.id(), account.username(), kind, role, why, by.logName(),
                Instant.now(), AccountChange.State.AWAITING_APPROVAL, null, null);
        log.append(by.logName(), NewEvent.of("account:" + account.id(), proposed),
                notice(by, "ACCOUNT_CHANGE_PROPOSED", "proposed to " + described.describe()
                        + "; it waits for a second administrator", why));
        return change(id);
    }

    private void apply(Actor by, Accounts.Account account, Record change, String kind, String what, String why) {
        log.append(by.logName(), NewEvent.of("account:" + account.id(), change), notice(by, kind, what, why));
    }

    /** The privacy officer hears of every account change, with the administrator's reason. */
    private static NewEvent notice(Actor by, String kind, String what, String why) {
        return NewEvent.of("access:" + by.name(), new AccessAlertRaised(by.name(), kind,
                by.name() + " " + what + (why == null ? "" : " (reason: " + why + ")")));
    }

    /** The account an administrator acts on; never their own, which another administrator changes. */
    private Accounts.Account target(Actor by, UUID accountId) {
        by.require(Actor.Role.ADMINISTRATOR);
        Accounts.Account account = accounts.account(accountId);
        if (account.username().equals(by.name())) {
            throw new ForbiddenAction("You cannot change your own account; ask another administrator");
        }
        return account;
    }

    private static String reason(String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.length() < SHORTEST_REASON) {
            throw new LabRuleViolation("reason-required", "Say why, for the record: for example \"phoned from the ward, identity checked\"");
        }
        if (why.length() > LONGEST_REASON) {
            throw new LabRuleViolation("reason-too-long", "A reason is at most " + LONGEST_REASON + " characters");
        }
        return why;
    }

    private static AccountChange change(ResultSet rs, int n) throws SQLException {
        String role = rs.getString("new_role");
        return new AccountChange(rs.getObject("id", UUID.class), rs.getObject("account_id", UUID.class), rs.getString("username"),
                AccountChange.Kind.valueOf(rs.getString("kind")), role == null ? null : Actor.Role.valueOf(role),
                rs.getString("reason"), rs.getString("proposed_by"), rs.getTimestamp("proposed_at").toInstant(),
                AccountChange.State.valueOf(rs.getString("state")), rs.getString("decided_by"), instant(rs.getTimestamp("decided_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
