package org.pathguard.posture;

import org.pathguard.backup.BackupShipper;
import org.pathguard.backup.BackupStatus;
import org.pathguard.eventlog.EventLog;
import org.pathguard.eventlog.RecordedEvent;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * B5.c: the backup age (the recovery point now), read from the repository itself, since a shipper that believes it
 * shipped proves nothing; what it lacks is measured against the live log.
 */
@Component
class BackupAgeProbe implements Probe {

    private final ObjectProvider<BackupShipper> shipper;
    private final EventLog eventLog;
    private final Duration maxAge;

    BackupAgeProbe(ObjectProvider<BackupShipper> shipper, EventLog eventLog,
                   @Value("${pathguard.posture.backup-max-age:PT1H}") Duration maxAge) {
        this.shipper = shipper;
        this.eventLog = eventLog;
        this.maxAge = maxAge;
    }

    @Override
    public Indicator indicator() {
        return ResilienceRules.BACKUP_AGE;
    }

    @Override
    public Reading take(Instant now) {
        BackupShipper backups = shipper.getIfAvailable();
        if (backups == null) {
            return ResilienceRules.noBackup("No backup repository is configured: the event log is shipped nowhere", now);
        }
        BackupStatus status;
        try {
            status = backups.status();
        } catch (RuntimeException e) {
            return ResilienceRules.noBackup("The backup repository " + backups.location() + " cannot be read: " + e.getClass().getSimpleName(), now);
        }
        long labSequence = eventLog.lastSequence();
        Instant oldestUnshipped = null;
        if (labSequence > status.lastSequence()) {
            List<RecordedEvent> first = new ArrayList<>(1);
            eventLog.events(status.lastSequence(), status.lastSequence() + 1, first::add);
            oldestUnshipped = first.getFirst().recordedAt();
        }
        return ResilienceRules.backupAge(new ResilienceRules.Shipping(backups.location(), status.segments(), status.lastSequence(),
                status.lastCheckpointAt(), labSequence, oldestUnshipped), maxAge, now);
    }
}
