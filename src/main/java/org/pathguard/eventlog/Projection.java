package org.pathguard.eventlog;

import java.util.List;
import java.util.Set;

/**
 * A query table kept from the log. {@link #apply} runs inside the transaction that appends the
 * event, and again for every event on rebuild, so it must depend on nothing but the event.
 */
public interface Projection {

    Set<String> eventTypes();

    /** Tables owned by this projection, emptied before a rebuild. */
    List<String> tables();

    void apply(RecordedEvent event, ProjectionWriter writer);
}
