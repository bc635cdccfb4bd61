package org.pathguard.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Event: an order this lab's requester placed while this lab was down was done, and reported to the requester, by
 * partner laboratory {@code partnerOds} under its accession {@code partnerAccession}; it is filed here only so the
 * patient's history is whole. Follows the order's {@code OrderPlaced} in the same append. The tubes were never here
 * ({@code tubes}: one per specimen type, for the results to hang on) and the order was reported at
 * {@code reportedAt} by the partner, so nothing here waits for it: no reception, worklist, turnaround or report.
 */
public record OrderDoneElsewhere(UUID orderId, String partnerOds, String partnerAccession, Instant reportedAt, List<Tube> tubes) {

    public OrderDoneElsewhere {
        tubes = List.copyOf(tubes);
    }

    /** A tube taken for the order and tested at the partner: its barcode here names the partner and its accession. */
    public record Tube(UUID specimenId, String barcode, String specimenType, String container, Instant collectedAt) {
    }
}
