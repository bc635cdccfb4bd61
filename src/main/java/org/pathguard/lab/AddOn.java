package org.pathguard.lab;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A test added to an order already in the lab, done on a specimen the lab already holds (an add-on, as UK labs
 * do: magnesium on a U&amp;E when potassium is low). The specimen must suit the test, be received and not rejected,
 * and the test must not already be on the order. The order's turnaround target stretches so the added test has
 * its own full target from the moment it was asked for.
 */
public final class AddOn {

    private AddOn() {
    }

    /** A specimen on the order as the rule needs it: status is COLLECTED, RECEIVED or REJECTED. */
    public record Tube(String barcode, String specimenType, String status) {
    }

    /** The received specimen the added test will be done on; refuses with the reason in the lab's words. */
    public static Tube tubeFor(LabTest test, Collection<String> ordered, List<Tube> tubes) {
        if (ordered.contains(test.code())) {
            throw new Conflict(test.name() + " (" + test.code() + ") is already on this order");
        }
        List<Tube> suited = tubes.stream().filter(t -> t.specimenType().equals(test.specimenType())).toList();
        if (suited.isEmpty()) {
            throw new LabRuleViolation("wrong-specimen-type", test.name() + " needs a " + test.specimenType()
                    + " specimen and this order has none (it has " + String.join(", ", tubes.stream().map(Tube::specimenType).distinct().toList())
                    + "): ask for a new specimen instead");
        }
        Optional<Tube> received = suited.stream().filter(t -> "RECEIVED".equals(t.status())).findFirst();
        if (received.isPresent()) {
            return received.get();
        }
        boolean rejected = suited.stream().anyMatch(t -> "REJECTED".equals(t.status()));
        throw new Conflict(rejected
                ? "The " + test.specimenType() + " specimen on this order was rejected, so there is nothing to add " + test.name() + " to: ask for a new specimen"
                : "The " + test.specimenType() + " specimen on this order has not been received yet: add " + test.name() + " once it is in the lab");
    }

    /**
     * The order's target in minutes from receipt once a test is added: the added test gets its own target counted
     * from when it was asked for, and the order never gets less time than it had.
     */
    public static int targetMinutes(int current, Instant receivedAt, Instant addedAt, int addedTestTarget) {
        long sinceReceipt = receivedAt == null ? 0 : Math.max(0, Duration.between(receivedAt, addedAt).toMinutes());
        return (int) Math.max(current, sinceReceipt + addedTestTarget);
    }
}
