package org.pathguard.access;

import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.Projection;
import org.pathguard.eventlog.ProjectionWriter;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Accounts and machine credentials as the sign-in checks need them. */
@Component
class AccountProjection implements Projection {

    /** Failures in a row before an account locks; each further failure doubles the lock, up to an hour. */
    static final int FAILURES_BEFORE_LOCK = 5;
    static final Duration LONGEST_LOCK = Duration.ofHours(1);

    private final FieldCipher cipher;

    AccountProjection(FieldCipher cipher) {
        this.cipher = cipher;
    }

    @Override
    public Set<String> eventTypes() {
        return Set.of("AccountInvited", "AccountEnrolled", "SignInFailed", "SignedIn", "CredentialIssued", "CredentialRevoked",
                "AccountUnlocked", "AccountDisabled", "AccountEnabled", "AccountRoleChanged", "AuthenticatorReset", "InvitationRenewed",
                "AccountChangeProposed", "AccountChangeDecided");
    }

    @Override
    public List<String> tables() {
        return List.of("account", "api_credential", "account_change");
    }

    @Override
    public void apply(RecordedEvent event, ProjectionWriter writer) {
        Timestamp at = Timestamp.from(event.recordedAt());
        switch (event.type()) {
            case "AccountInvited" -> {
                AccountInvited e = event.payloadAs(AccountInvited.class);
                writer.write("""
                                insert into account (id, username, role, organisation, state, invited_at, invited_by,
                                                     enrolment_index, enrolment_expires, oidc_subject)
                                values (?, ?, ?, ?, 'INVITED', ?, ?, ?, ?, ?)""",
                        e.accountId(), e.username(), e.role().name(), e.organisation(), at, event.actor(),
                        e.enrolmentIndex(), e.enrolmentExpires() == null ? null : Timestamp.from(e.enrolmentExpires()),
                        e.oidcSubject());
            }
            case "AccountEnrolled" -> {
                AccountEnrolled e = event.payloadAs(AccountEnrolled.class);
                writer.write("""
                                update account set state = 'ACTIVE', enrolment_index = null, enrolment_expires = null,
                                       password_hash = ?, totp_secret = ?, recovery_indexes = ?, last_totp_step = ?,
                                       authenticator_reset_at = null
                                where id = ?""",
                        e.passwordHash(), cipher.seal(e.totpSecret(), totpBinding(e.accountId())),
                        e.recoveryIndexes().toArray(byte[][]::new), e.totpStep(), e.accountId());
            }
            case "SignInFailed" -> {
                SignInFailed e = event.payloadAs(SignInFailed.class);
                writer.write("""
                                update account set failed_attempts = failed_attempts + 1,
                                       locked_until = case when failed_attempts + 1 >= ?
                                           then ?::timestamptz + least(interval '1 minute' * power(2, failed_attempts + 1 - ?), ?::interval)
                                           else locked_until end
                                where id = ?""",
                        FAILURES_BEFORE_LOCK, at, FAILURES_BEFORE_LOCK, LONGEST_LOCK.toMinutes() + " minutes", e.accountId());
            }
            case "SignedIn" -> {
                SignedIn e = event.payloadAs(SignedIn.class);
                writer.write("""
                                update account set failed_attempts = 0, locked_until = null, last_sign_in = ?,
                                       last_totp_step = greatest(last_totp_step, ?),
                                       recovery_indexes = array(select r from unnest(recovery_indexes) r where r is distinct from ?)
                                where id = ?""",
                        at, e.totpStep(), e.recoveryIndexUsed(), e.accountId());
            }
            case "CredentialIssued" -> {
                CredentialIssued e = event.payloadAs(CredentialIssued.class);
                writer.write("""
                                insert into api_credential (id, name, organisation, scopes, secret_index, issued_at, issued_by)
                                values (?, ?, ?, ?, ?, ?, ?)""",
                        e.credentialId(), e.name(), e.organisation(), e.scopes().toArray(String[]::new), e.secretIndex(),
                        at, event.actor());
            }
            case "AccountUnlocked" -> writer.write("update account set failed_attempts = 0, locked_until = null where id = ?",
                    event.payloadAs(AccountUnlocked.class).accountId());
            case "AccountDisabled" -> writer.write("""
                            update account set state = 'DISABLED', enrolment_index = null, enrolment_expires = null,
                                   state_changed_at = ?, state_changed_by = ?
                            where id = ?""",
                    at, event.actor(), event.payloadAs(AccountDisabled.class).accountId());
            // An account disabled before it was enrolled comes back without a link: a reset gives it a new one.
            case "AccountEnabled" -> writer.write("""
                            update account set state = case when password_hash is null then 'INVITED' else 'ACTIVE' end,
                                   failed_attempts = 0, locked_until = null, state_changed_at = ?, state_changed_by = ?
                            where id = ?""",
                    at, event.actor(), event.payloadAs(AccountEnabled.class).accountId());
            case "AccountRoleChanged" -> {
                AccountRoleChanged e = event.payloadAs(AccountRoleChanged.class);
                writer.write("update account set role = ? where id = ?", e.to().name(), e.accountId());
            }
            case "AuthenticatorReset" -> {
                AuthenticatorReset e = event.payloadAs(AuthenticatorReset.class);
                writer.write("""
                                update account set state = 'INVITED', enrolment_index = ?, enrolment_expires = ?,
                                       password_hash = null, totp_secret = null, recovery_indexes = '{}',
                                       failed_attempts = 0, locked_until = null, authenticator_reset_at = ?
                                where id = ?""",
                        e.enrolmentIndex(), Timestamp.from(e.enrolmentExpires()), at, e.accountId());
            }
            // Only the link changes: the account stays a never-enrolled invitation, not one awaiting a new enrolment.
            case "InvitationRenewed" -> {
                InvitationRenewed e = event.payloadAs(InvitationRenewed.class);
                writer.write("update account set enrolment_index = ?, enrolment_expires = ? where id = ? and state = 'INVITED'",
                        e.enrolmentIndex(), Timestamp.from(e.enrolmentExpires()), e.accountId());
            }
            case "AccountChangeProposed" -> {
                AccountChangeProposed e = event.payloadAs(AccountChangeProposed.class);
                writer.write("""
                                insert into account_change (id, account_id, username, kind, new_role, reason, proposed_by, proposed_at, state)
                                values (?, ?, ?, ?, ?, ?, ?, ?, 'AWAITING_APPROVAL')""",
                        e.changeId(), e.accountId(), e.username(), e.kind().name(), e.newRole() == null ? null : e.newRole().name(),
                        e.reason(), event.actor(), at);
            }
            case "AccountChangeDecided" -> {
                AccountChangeDecided e = event.payloadAs(AccountChangeDecided.class);
                writer.write("update account_change set state = ?, decided_by = ?, decided_at = ? where id = ?",
                        e.approved() ? "APPROVED" : "REFUSED", event.actor(), at, e.changeId());
            }
            case "CredentialRevoked" -> writer.write("update api_credential set revoked_at = ? where id = ?",
                    at, event.payloadAs(CredentialRevoked.class).credentialId());
            default -> throw new IllegalArgumentException(event.type());
        }
    }

    static String totpBinding(Object accountId) {
        return FieldCipher.field("account", "totp_secret", accountId);
    }
}
