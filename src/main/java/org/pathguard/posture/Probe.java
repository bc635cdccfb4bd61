package org.pathguard.posture;

import java.time.Instant;

/**
 * An automated indicator: a Spring bean that looks at the live system. A probe answers from the lab's own state and
 * never changes it (the canary is the one exception, and it registers itself once); one that cannot look (a
 * repository unreachable) says so as NOT_ACHIEVED with the reason rather than throwing.
 */
public interface Probe {

    Indicator indicator();

    Reading take(Instant now);
}
