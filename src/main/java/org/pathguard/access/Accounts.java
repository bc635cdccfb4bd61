package org.pathguard.access;

import org.pathguard.crypto.BlindIndex;
import org.pathguard.crypto.FieldCipher;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.pathguard.lab.Conflict;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.NotFound;
import org.pathguard.lab.OdsCode;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * People's accounts and machines' credentials: invitation, enrolment (password and authenticator),
 * the two sign-in factors, lockout. There are no default passwords: every account starts from a
 * one-time enrolment link.
 */
@Service
public class Accounts {

    public static final Duration ENROLMENT_VALID_FOR = Duration.ofHours(72);
    public static final String ISSUER = "PathGuard";
    static final int RECOVERY_CODES = 10;
    private static final Pattern USERNAME = Pattern.compile("^[a-z0-9._-]{2,64}$");
    private static final String TOKEN_KIND = "enrolment-token";
    private static final String RECOVERY_KIND = "recovery-code";
    private static final String CREDENTIAL_KIND = "api-credential";
    private static final String CREDENTIAL_PREFIX = "pgc_";
    private static final SecureRandom RANDOM = new SecureRandom();
    static final String WRONG_OR_LOCKED = "The username or password is wrong, or the account is locked for a while after "
            + "repeated failures; try again later, or ask an administrator";
    private static final char[] RECOVERY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".toCharArray();

    private final EventLog log;
    private final JdbcClient db;
    private final FieldCipher cipher;
    private final BlindIndex index;
    private final PasswordEncoder passwords;
    private final PasswordRules passwordRules;
    /** Compared against when the username is unknown, so both cases take as long. */
    private final String decoyHash;
    private final java.util.Map<UUID, Object> secondFactorLocks = new java.util.concurrent.ConcurrentHashMap<>();

    private final RecentCredentials recentCredentials;

    Accounts(EventLog log, JdbcClient db, FieldCipher cipher, BlindIndex index,
             @Value("${pathguard.passwords.deny-list:}") String denyList,
             @Value("${pathguard.access.credential-remembered-for:PT5S}") Duration credentialRememberedFor) {
        this.log = log;
        this.recentCredentials = new RecentCredentials(credentialRememberedFor, System::nanoTime);
        this.passwordRules = PasswordRules.withDenyList(denyList.isBlank() ? null : Path.of(denyList));
        this.db = db;
        this.cipher = cipher;
        this.index = index;
        // OWASP's Argon2id setting: 19 MiB, 2 passes, 1 lane.
        this.passwords = new Argon2PasswordEncoder(16, 32, 1, 19 * 1024, 2);
        this.decoyHash = passwords.encode(token());
    }

    public record Invitation(UUID accountId, String username, Actor.Role role, String token, Instant expires) {
    }

    public record Enrolment(String username, Actor.Role role, String organisation) {
    }

    /** A new account's sign-in secrets, shown once: to the person enrolling, or printed by the demo. */
    public record Secrets(String username, String password, String totpSecret, List<String> recoveryCodes) {
    }

    public record Account(UUID id, String username, Actor.Role role, String organisation, String state,
                          boolean flaggedForReview, Instant lastSignIn, boolean singleSignOn, Instant enrolmentExpires,
                          Instant lockedUntil, int failedAttempts, Instant stateChangedAt, String stateChangedBy,
                          Instant authenticatorResetAt) {

        /** Where an account stands, as its holder would experience it when trying to sign in. */
        public enum Standing {
            ACTIVE, LOCKED, INVITED, INVITATION_EXPIRED, AWAITING_NEW_ENROLMENT, ENROLMENT_LINK_EXPIRED, DISABLED
        }

        /** Active, or invited with a link still valid. */
        public boolean usable(Instant now) {
            return state.equals("ACTIVE") || enrolmentExpires != null && enrolmentExpires.isAfter(now);
        }

        public Standing standing(Instant now) {
            // Single sign-on accounts never enrol a PathGuard password: the identity provider holds their factors.
            String effective = state.equals("INVITED") && singleSignOn && authenticatorResetAt == null ? "ACTIVE" : state;
            return switch (effective) {
                case "DISABLED" -> Standing.DISABLED;
                case "INVITED" -> {
                    boolean linkValid = enrolmentExpires != null && enrolmentExpires.isAfter(now);
                    if (authenticatorResetAt != null) {
                        yield linkValid ? Standing.AWAITING_NEW_ENROLMENT : Standing.ENROLMENT_LINK_EXPIRED;
                    }
                    yield linkValid ? Standing.INVITED : Standing.INVITATION_EXPIRED;
                }
                default -> lockedUntil != null && lockedUntil.isAfter(now) ? Standing.LOCKED : Standing.ACTIVE;
            };
        }
    }

    public record Credential(String name, String organisation, List<String> scopes) {

        public Actor actor() {
            return new Actor(name, Actor.Role.INTERFACE, organisation, null);
        }
    }

    public record IssuedCredential(UUID id, String name, String token) {
    }

    /** Creates a person's account, to be enrolled through the link with the returned token. */
    public Invitation invite(Actor by, String username, Actor.Role role, String organisation, String oidcSubject) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        if (username == null || !USERNAME.matcher(username).matches()) {
            throw new LabRuleViolation("invalid-username", "A username is 2-64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (role == null || !role.human()) {
            throw new LabRuleViolation("invalid-role", "People's accounts take one of the roles REQUESTER, SCIENTIST, "
                    + "AUTHORISER, LAB_MANAGER, AUDITOR, ADMINISTRATOR, NETWORK_MANAGER; machines get credentials instead");
        }
        String org = organisation(organisation);
        if (db.sql("select count(*) from account where username = ?").param(username).query(Long.class).single() > 0) {
            throw new Conflict("An account named " + username + " already exists");
        }
        UUID id = UUID.randomUUID();
        EnrolmentLink link = newEnrolmentLink();
        // The inviter holds the link: the privacy officer sees every new account, so none is made quietly to read data.
        log.append(by.logName(), NewEvent.of("account:" + id, new AccountInvited(id, username, role, org,
                blankToNull(oidcSubject), link.index(), link.expires())),
                NewEvent.of("access:" + by.name(), new AccessAlertRaised(by.name(), "ACCOUNT_INVITED",
                        by.name() + " invited " + username + " as " + role + " of " + org
                                + (oidcSubject == null || oidcSubject.isBlank() ? "" : ", linked to single sign-on"))));
        return new Invitation(id, username, role, link.token(), link.expires());
    }

    /** The person's organisation, refused in words about the person rather than about an order's field. */
    private static String organisation(String written) {
        try {
            return OdsCode.parse(written).value();
        } catch (LabRuleViolation e) {
            throw new LabRuleViolation("invalid-organisation", "Enter the organisation's ODS code: 3 to 6 letters or digits, "
                    + "such as the lab's own code for lab staff or the practice's code (for example G85001) for a GP");
        }
    }

    public Enrolment enrolment(String token) {
        return invited(token).enrolment();
    }

    /** The secret an authenticator app should hold, chosen by the server for this enrolment. */
    public static byte[] newTotpSecret() {
        return SecondFactor.newSecret();
    }

    /**
     * Completes an enrolment: the password and a current code from the authenticator holding
     * {@code totpSecret}. Returns the one-time recovery codes, which exist nowhere else in clear.
     */
    public List<String> enrol(String token, String password, byte[] totpSecret, String code) {
        Invited invited = invited(token);
        passwordRules.check(invited.enrolment().username(), password);
        OptionalLong step = SecondFactor.verify(totpSecret, code, Instant.now(), 0);
        if (step.isEmpty()) {
            throw new SignInRefused("That code does not match the authenticator; check the phone's clock and enter the current code");
        }
        List<String> codes = new ArrayList<>();
        List<byte[]> indexes = new ArrayList<>();
        for (int i = 0; i < RECOVERY_CODES; i++) {
            String c = recoveryCode();
            codes.add(c);
            indexes.add(index.of(RECOVERY_KIND, c));
        }
        // Enrolment proves the app holds the secret; it is not a sign-in. Recording the step before the one just used
        // lets the code still on the phone sign the person in once, rather than refuse them for up to 30 seconds.
        log.append(invited.enrolment().username(), NewEvent.of("account:" + invited.id(), new AccountEnrolled(invited.id(),
                passwords.encode(password), totpSecret, indexes, step.getAsLong() - 1)));
        return codes;
    }

    /** Invites and enrols in one go with generated secrets: for the demo's users and the tests' fixtures. */
    public Secrets createEnrolled(Actor by, String username, Actor.Role role, String organisation) {
        Invitation invitation = invite(by, username, role, organisation, null);
        String password = token().substring(0, 20);
        byte[] secret = newTotpSecret();
        List<String> codes = enrol(invitation.token(), password, secret, SecondFactor.code(secret, Instant.now()));
        return new Secrets(username, password, SecondFactor.base32(secret), codes);
    }

    /**
     * The first factor: the account awaiting its second factor, or a refusal that tells a guesser nothing, neither
     * whether the username exists nor whether it is locked (every refusal costs one Argon2 check).
     */
    public UUID checkPassword(String username, String password, Instant now) {
        Optional<SignInState> found = signInState(username);
        boolean known = found.isPresent() && found.get().passwordHash() != null;
        boolean matches = passwords.matches(password == null ? "" : password, known ? found.get().passwordHash() : decoyHash);
        if (!known) {
            throw new SignInRefused(WRONG_OR_LOCKED);
        }
        SignInState account = found.get();
        if (locked(account, now) || !matches) {
            log.append(username, NewEvent.of("account:" + account.id(), new SignInFailed(account.id(), "password")));
            throw new SignInRefused(WRONG_OR_LOCKED);
        }
        return account.id();
    }

    /**
     * The second factor: a current authenticator code, or one of the unused recovery codes. One check at a time per
     * account, on state read inside the lock, so a code sent twice at once still works only once.
     */
    public Actor checkSecondFactor(UUID accountId, String code, Instant now) {
        synchronized (secondFactorLocks.computeIfAbsent(accountId, id -> new Object())) {
            return checkSecondFactorAlone(accountId, code, now);
        }
    }

    private Actor checkSecondFactorAlone(UUID accountId, String code, Instant now) {
        SignInState account = signInState(accountId);
        if (locked(account, now)) {
            throw new SignInRefused("Too many failed attempts: this account is locked for a while; try again later, or ask an administrator");
        }
        byte[] secret = cipher.open(account.totpSecret(), AccountProjection.totpBinding(accountId));
        OptionalLong step = SecondFactor.verify(secret, code, now, account.lastTotpStep());
        if (step.isPresent()) {
            log.append(account.username(), NewEvent.of("account:" + accountId, new SignedIn(accountId, "password+totp", step.getAsLong(), null)));
            return account.actor();
        }
        if (code != null && code.trim().length() == 9) {
            List<byte[]> candidates = index.underEveryKey(RECOVERY_KIND, code.trim().toUpperCase());
            // The stored index that matched is the one used up, whichever index key made it.
            Optional<byte[]> recovery = account.recoveryIndexes().stream()
                    .filter(r -> candidates.stream().anyMatch(c -> java.security.MessageDigest.isEqual(r, c))).findFirst();
            if (recovery.isPresent()) {
                log.append(account.username(), NewEvent.of("account:" + accountId, new SignedIn(accountId, "password+recovery-code", 0, recovery.get())));
                return account.actor();
            }
        }
        log.append(account.username(), NewEvent.of("account:" + accountId, new SignInFailed(accountId, "second-factor")));
        throw new SignInRefused("That code is not valid; enter the current code from your authenticator, or an unused recovery code");
    }

    /**
     * Single sign-on: the account linked to the identity provider's subject, if any. Such an account
     * needs no PathGuard password: the provider vouched for both factors.
     */
    public Optional<Actor> signInBySingleSignOn(String subject, String method) {
        record Linked(UUID id, Actor actor) {
        }
        return db.sql("select id, username, role, organisation from account where oidc_subject = ? and state <> 'DISABLED'").param(subject)
                .query((rs, n) -> new Linked(rs.getObject(1, UUID.class),
                        new Actor(rs.getString(2), Actor.Role.valueOf(rs.getString(3)), rs.getString(4), null)))
                .optional()
                .map(linked -> {
                    log.append(linked.actor().name(), NewEvent.of("account:" + linked.id(), new SignedIn(linked.id(), method, 0, null)));
                    return linked.actor();
                });
    }

    public List<Account> list() {
        return db.sql("""
                        select id, username, role, organisation, state, flagged_for_review, last_sign_in, oidc_subject is not null,
                               enrolment_expires, locked_until, failed_attempts, state_changed_at, state_changed_by, authenticator_reset_at
                        from account order by username""")
                .query(Accounts::account)
                .list();
    }

    public Account account(UUID id) {
        return db.sql("""
                        select id, username, role, organisation, state, flagged_for_review, last_sign_in, oidc_subject is not null,
                               enrolment_expires, locked_until, failed_attempts, state_changed_at, state_changed_by, authenticator_reset_at
                        from account where id = ?""")
                .param(id).query(Accounts::account).optional()
                .orElseThrow(() -> new NotFound("No account with id " + id));
    }

    private static Account account(ResultSet rs, int n) throws SQLException {
        return new Account(rs.getObject(1, UUID.class), rs.getString(2), Actor.Role.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getBoolean(6), instant(rs.getTimestamp(7)), rs.getBoolean(8),
                instant(rs.getTimestamp(9)), instant(rs.getTimestamp(10)), rs.getInt(11), instant(rs.getTimestamp(12)),
                rs.getString(13), instant(rs.getTimestamp(14)));
    }

    /**
     * Whether a session made for {@code actor} may go on: the account is not disabled, its authenticator has not been
     * reset (a lost phone may be in someone else's hands), and it is still in that role. Checked on every request, so
     * each of those changes ends the account's sessions at once. (Single sign-on accounts stay "invited": they never
     * enrol a PathGuard password.)
     */
    public boolean sessionMayContinue(Actor actor) {
        return db.sql("select count(*) from account where username = ? and state <> 'DISABLED' and authenticator_reset_at is null and role = ?")
                .param(actor.name()).param(actor.role().name()).query(Long.class).single() > 0;
    }

    /** A new one-time enrolment secret and when it stops working: for invitations and authenticator resets. */
    record EnrolmentLink(String token, byte[] index, Instant expires) {
    }

    EnrolmentLink newEnrolmentLink() {
        String token = token();
        return new EnrolmentLink(token, index.of(TOKEN_KIND, token), Instant.now().plus(ENROLMENT_VALID_FOR));
    }

    /** Issues a machine credential; the token is shown once and kept only as a keyed hash. */
    public IssuedCredential issueCredential(Actor by, String name, String organisation, List<String> scopes) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        if (name == null || !USERNAME.matcher(name).matches()) {
            throw new LabRuleViolation("invalid-name", "A credential name is 2-64 lower-case letters, digits, '.', '_' or '-'");
        }
        if (scopes == null || scopes.isEmpty() || !Scope.NAMES.containsAll(scopes)) {
            throw new LabRuleViolation("invalid-scopes", "Scopes must be some of " + Scope.NAMES);
        }
        if (db.sql("select count(*) from api_credential where name = ?").param(name).query(Long.class).single() > 0) {
            throw new Conflict("A credential named " + name + " already exists");
        }
        UUID id = UUID.randomUUID();
        String token = CREDENTIAL_PREFIX + token();
        log.append(by.logName(), NewEvent.of("credential:" + id, new CredentialIssued(id, name,
                OdsCode.parse(organisation).value(), List.copyOf(scopes), index.of(CREDENTIAL_KIND, token))),
                NewEvent.of("access:" + by.name(), new AccessAlertRaised(by.name(), "CREDENTIAL_ISSUED",
                        by.name() + " issued machine credential " + name + " with scopes " + scopes)));
        return new IssuedCredential(id, name, token);
    }

    /** A lost or retired machine's credential stops working at once. */
    public void revokeCredential(Actor by, UUID credentialId) {
        by.require(Actor.Role.ADMINISTRATOR, Actor.Role.SYSTEM);
        if (db.sql("select count(*) from api_credential where id = ? and revoked_at is null").param(credentialId)
                .query(Long.class).single() == 0) {
            throw new NotFound("No active credential with id " + credentialId);
        }
        log.append(by.logName(), NewEvent.of("credential:" + credentialId, new CredentialRevoked(credentialId)));
        recentCredentials.revoked();
    }

    /** The valid, unrevoked credential a token is; remembered a few seconds (see {@link RecentCredentials}). */
    public Optional<Credential> credential(String token) {
        if (token == null || !token.startsWith(CREDENTIAL_PREFIX)) {
            return Optional.empty();
        }
        return recentCredentials.find(token, this::unrevokedCredential);
    }

    private Optional<Credential> unrevokedCredential(String token) {
        // Under every index key the lab has had: a credential issued before a rotation keeps its index (ADR 0049).
        for (byte[] secretIndex : index.underEveryKey(CREDENTIAL_KIND, token)) {
            Optional<Credential> found = db.sql("select name, organisation, scopes from api_credential where secret_index = ? and revoked_at is null")
                    .param(secretIndex)
                    .query((rs, n) -> new Credential(rs.getString(1), rs.getString(2), List.of((String[]) rs.getArray(3).getArray())))
                    .optional();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static boolean locked(SignInState account, Instant now) {
        return account.lockedUntil() != null && account.lockedUntil().isAfter(now);
    }

    private record Invited(UUID id, Enrolment enrolment) {
    }

    private Invited invited(String token) {
        if (token == null || token.isBlank()) {
            throw new EnrolmentInvalid();
        }
        for (byte[] enrolmentIndex : index.underEveryKey(TOKEN_KIND, token)) {
            Optional<Invited> found = db.sql("""
                            select id, username, role, organisation from account
                            where enrolment_index = ? and state = 'INVITED' and enrolment_expires > now()""")
                    .param(enrolmentIndex)
                    .query((rs, n) -> new Invited(rs.getObject(1, UUID.class),
                            new Enrolment(rs.getString(2), Actor.Role.valueOf(rs.getString(3)), rs.getString(4))))
                    .optional();
            if (found.isPresent()) {
                return found.get();
            }
        }
        throw new EnrolmentInvalid();
    }

    private record SignInState(UUID id, String username, Actor.Role role, String organisation, String passwordHash,
                               byte[] totpSecret, long lastTotpStep, List<byte[]> recoveryIndexes, Instant lockedUntil) {
        Actor actor() {
            return new Actor(username, role, organisation, null);
        }
    }

    private static final String SIGN_IN_STATE = """
            select id, username, role, organisation, password_hash, totp_secret, last_totp_step, recovery_indexes, locked_until
            from account where state = 'ACTIVE' and """;

    private Optional<SignInState> signInState(String username) {
        return db.sql(SIGN_IN_STATE + " username = ?").param(username == null ? "" : username).query(this::readSignInState).optional();
    }

    private SignInState signInState(UUID id) {
        return db.sql(SIGN_IN_STATE + " id = ?").param(id).query(this::readSignInState).optional()
                .orElseThrow(() -> new SignInRefused("This account cannot sign in"));
    }

    private SignInState readSignInState(ResultSet rs, int n) throws SQLException {
        Array recovery = rs.getArray(8);
        return new SignInState(rs.getObject(1, UUID.class), rs.getString(2), Actor.Role.valueOf(rs.getString(3)),
                rs.getString(4), rs.getString(5), rs.getBytes(6), rs.getLong(7), List.of((byte[][]) recovery.getArray()),
                instant(rs.getTimestamp(9)));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static String token() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String recoveryCode() {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == 4) {
                s.append('-');
            }
            s.append(RECOVERY_ALPHABET[RANDOM.nextInt(RECOVERY_ALPHABET.length)]);
        }
        return s.toString();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
