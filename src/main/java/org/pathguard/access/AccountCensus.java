package org.pathguard.access;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/**
 * Who can sign in and how, for the lab's security posture: people's accounts with their second factor, when each was
 * last active and whether it is locked; machine credentials with their scopes and ages. Staff names, never patients'.
 */
@Service
public class AccountCensus {

    /** The SQL for when an account was last active: its last sign-in, or what restarted its clock since. */
    static final String LAST_ACTIVE = "greatest(invited_at, last_sign_in, state_changed_at, authenticator_reset_at)";

    private final JdbcClient db;

    AccountCensus(JdbcClient db) {
        this.db = db;
    }

    /** How a person proves who they are beyond a password. */
    public enum SecondFactor {
        /** PathGuard's own TOTP authenticator, enrolled with the password. */
        AUTHENTICATOR,
        /** The identity provider, which single sign-on requires to confirm a second factor. */
        SINGLE_SIGN_ON,
        /** Invited and not yet enrolled: the account has no way to sign in at all yet. */
        NOT_ENROLLED,
        /** Could sign in with a password alone: what the posture must never find. */
        NONE
    }

    public record Person(String username, Actor.Role role, String state, SecondFactor secondFactor, Instant lastActive,
                         Instant lockedUntil) {

        /** Can manage accounts, audit access, run the lab or the network: what B2.c asks about. */
        public boolean privileged() {
            return AccountLifecycle.PRIVILEGED.contains(role);
        }

        public boolean canSignIn() {
            return secondFactor != SecondFactor.NOT_ENROLLED;
        }

        public boolean locked(Instant now) {
            return lockedUntil != null && lockedUntil.isAfter(now);
        }
    }

    public record Machine(String name, String organisation, List<String> scopes, Instant issuedAt) {
    }

    /** Every account not disabled. */
    public List<Person> people() {
        return db.sql("select username, role, state, totp_secret is not null, oidc_subject is not null, " + LAST_ACTIVE
                        + ", locked_until from account where state <> 'DISABLED' order by username")
                .query(AccountCensus::person).list();
    }

    /** Every credential not revoked. */
    public List<Machine> machines() {
        return db.sql("select name, organisation, scopes, issued_at from api_credential where revoked_at is null order by name")
                .query((rs, n) -> new Machine(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray()),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }

    private static Person person(ResultSet rs, int n) throws SQLException {
        String state = rs.getString(3);
        boolean authenticator = rs.getBoolean(4);
        boolean singleSignOn = rs.getBoolean(5);
        SecondFactor factor = authenticator && state.equals("ACTIVE") ? SecondFactor.AUTHENTICATOR
                : singleSignOn ? SecondFactor.SINGLE_SIGN_ON
                : state.equals("INVITED") ? SecondFactor.NOT_ENROLLED
                : SecondFactor.NONE;
        Timestamp locked = rs.getTimestamp(7);
        return new Person(rs.getString(1), Actor.Role.valueOf(rs.getString(2)), state, factor, rs.getTimestamp(6).toInstant(),
                locked == null ? null : locked.toInstant());
    }
}
