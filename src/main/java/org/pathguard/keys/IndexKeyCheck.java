package org.pathguard.keys;

import org.pathguard.crypto.Keyring;
import org.pathguard.eventlog.EventLog;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * A lab does not start on blind indexes made with another key than its primary index key: an index rotation
 * interrupted between the key file and the rebuild (ADR 0049) would otherwise find no patient by NHS number, and the
 * desk would register them again. Checked once every bean is made and before the server listens; the commands that
 * rebuild the projections themselves ({@code rebuild}, {@code keys rotate}) start without it.
 */
@Component
class IndexKeyCheck implements SmartInitializingSingleton {

    private final EventLog log;
    private final KeyRotations rotations;
    private final Keyring keyring;
    private final boolean enabled;

    IndexKeyCheck(EventLog log, KeyRotations rotations, Keyring keyring,
                  @Value("${pathguard.keys.index-key-check:true}") boolean enabled) {
        this.log = log;
        this.rotations = rotations;
        this.keyring = keyring;
        this.enabled = enabled;
    }

    @Override
    public void afterSingletonsInstantiated() {
        // An empty log has no projections to be wrong (a restore or drill starts so, then replays and records).
        if (enabled && log.lastSequence() > 0 && !rotations.indexedWithThePrimaryKey(keyring)) {
            throw new IllegalStateException("REFUSED to start: the key directory's primary blind-index key "
                    + keyring.keyIds(Keyring.Kind.INDEX).getLast() + " is not the key the lab's indexes were made with"
                    + " (an index key rotation was interrupted before its rebuild). Patients would not be found by NHS"
                    + " number. Run ./pathguard rebuild (with the same --data-dir and --key-dir), then start the server.");
        }
    }
}
