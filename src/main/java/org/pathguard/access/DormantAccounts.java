package org.pathguard.access;

import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.NewEvent;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/**
 * Accounts nobody has used for a while: reported after {@code pathguard.accounts.dormant-after} (90 days unless
 * configured), disabled by PathGuard itself after {@code pathguard.accounts.disable-dormant-after} (120 days: a month
 * in which the lab manager sees the account on the posture screen and can ask the person). An unused account is a
 * door nobody watches: a leaver's password that still works, a phone lost without anyone noticing. Re-enabling is the
 * ordinary {@link AccountLifecycle#enable}: proposed by an administrator with a reason, approved by a second one.
 */
@Service
public class DormantAccounts {

    private final JdbcClient db;
    private final EventLog log;
    private final Dormancy rule;

    DormantAccounts(JdbcClient db, EventLog log,
                    @Value("${pathguard.accounts.dormant-after:P90D}") Duration reportAfter,
                    @Value("${pathguard.accounts.disable-dormant-after:P120D}") Duration disableAfter) {
        this.db = db;
        this.log = log;
        this.rule = new Dormancy(reportAfter, disableAfter);
    }

    public record Dormant(String username, Actor.Role role, Instant lastActive, Dormancy.Standing standing) {
    }

    public Dormancy rule() {
        return rule;
    }

    /** Accounts not disabled that are dormant at {@code now}, longest unused first. */
    public List<Dormant> dormant(Instant now) {
        return candidates(now, rule.reportAfter()).stream()
                .map(c -> new Dormant(c.username(), c.role(), c.lastActive(), rule.of(c.lastActive(), now)))
                .toList();
    }

    /**
     * Disables, as PathGuard (the SYSTEM actor), every account unused for longer than the rule allows, each with an
     * event saying since when and a notice to the privacy officer. Returns how many. The serve command's round calls
     * this; tests call it directly.
     */
    public int disableDormant(Instant now) {
        int disabled = 0;
        for (Candidate c : candidates(now, rule.disableAfter())) {
            String why = "dormant: not used since " + LocalDate.ofInstant(c.lastActive(), ZoneOffset.UTC) + ", over "
                    + rule.disableAfter().toDays() + " days (pathguard.accounts.disable-dormant-after)";
            log.append(Actor.SYSTEM.logName(), NewEvent.of("account:" + c.id(), new AccountDisabled(c.id(), why)),
                    NewEvent.of("access:" + Actor.SYSTEM.name(), new AccessAlertRaised(Actor.SYSTEM.name(), "ACCOUNT_DISABLED",
                            "PathGuard disabled " + c.username() + " (" + c.role() + "), " + why)));
            disabled++;
        }
        return disabled;
    }

    private record Candidate(UUID id, String username, Actor.Role role, Instant lastActive) {
    }

    private List<Candidate> candidates(Instant now, Duration idleFor) {
        return db.sql("select id, username, role, " + AccountCensus.LAST_ACTIVE + " as last_active from account "
                        + "where state <> 'DISABLED' and " + AccountCensus.LAST_ACTIVE + " <= ? order by last_active, username")
                .param(java.sql.Timestamp.from(now.minus(idleFor)))
                .query((rs, n) -> new Candidate(rs.getObject(1, UUID.class), rs.getString(2), Actor.Role.valueOf(rs.getString(3)),
                        rs.getTimestamp(4).toInstant()))
                .list();
    }
}
