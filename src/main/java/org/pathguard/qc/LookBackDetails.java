package org.pathguard.qc;

import java.util.List;
import java.util.UUID;

/** Describes the results of a look-back as they stand now, with their order and report: the report package answers. */
public interface LookBackDetails {

    /** The results, in the order of the ids given. */
    List<ReleasedResult> describe(List<UUID> resultIds);
}
