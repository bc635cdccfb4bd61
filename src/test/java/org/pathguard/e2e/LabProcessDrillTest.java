package org.pathguard.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.pathguard.e2e.HapiRequester.Order;
import org.pathguard.e2e.LabProcess.Backups;
import org.pathguard.e2e.LabProcess.Launch;
import org.pathguard.lab.Priority;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness for the network's end-to-end test, proved on real processes without the router. Lab A (RJ1) serves in a
 * JVM of its own on embedded PostgreSQL, shipping its log to a write-once repository; a GP practice's order comms,
 * played by HAPI, sends it orders over MLLP, A's bench results them through the API, and A's report route (set up by
 * its administrator and two lab managers) takes each report back to the practice's HAPI server. Then A is killed,
 * JVM and PostgreSQL at once, with SIGKILL; restored from its backups with the offline recovery key into a new data
 * directory; and started on the same ports. Every order and result acknowledged before the kill is there, and the
 * practice's orders flow again, to the same address.
 * <p>
 * Each process's output is under the test's temporary directory, kept when the test fails and named in its messages.
 */
class LabProcessDrillTest {

    private static final String GP = "G85001";
    /** The practice's order comms connect from an address of their own, by which A knows them. */
    private static final String GP_ADDRESS = "127.0.0.11";
    /** What the lab holds for the practice's orders, the operator's view of its tables: compared before and after. */
    private static final String ORDERS = "select placer_order_number || ' ' || accession || ' ' || priority from lab_order"
            + " where requester_ods = '" + GP + "' order by 1";
    private static final String RESULTS = "select o.placer_order_number || ' ' || r.analyte_code || ' ' || r.status || ' v'"
            + " || r.version from result r join lab_order o on o.id = r.order_id order by 1";
    private static final String REPORTS = "select o.placer_order_number || ' ' || m.state || ' v' || m.report_version"
            + " from outbound_message m join lab_order o on o.id = m.order_id order by 1";

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path root;

    private final List<LabProcess> processes = new ArrayList<>();

    @AfterEach
    void noProcessOutlivesTheTest() {
        processes.forEach(LabProcess::close);
    }

    @Test
    void aLabKilledWithItsDatabaseIsRestoredFromItsBackupsOnTheSamePortsWithEveryAcknowledgedOrderAndResult() {
        long began = System.nanoTime();
        Path logs = root.resolve("logs");
        Launch launch = Launch.serve("lab-a", root.resolve("lab-a"), LabProcess.freePort(), LabProcess.freePort())
                .odsCode("RJ1").setting("pathguard.lab.name", "Guy's and St Thomas' pathology")
                .backups(Backups.under(root.resolve("backups-a")));
        LabStaff.Invitation first = LabStaff.firstAdministrator(launch, logs);

        try (HapiRequester practice = HapiRequester.start(GP, LabProcess.freePort(), GP_ADDRESS)) {
            LabProcess a = started(LabProcess.start(launch, logs));
            LabStaff staff = LabStaff.enrol(a, first);
            staff.orderComms(a, "ordercomms.g85001", practice.address(), GP);
            staff.route(a, GP, "localhost", practice.resultsPort(), "GPSYS");
            Bench bench = new Bench(a, staff.credential(a, "middleware.bench", "reception", "results"));

            List<Order> resulted = List.of(acknowledged(practice, a, practice.order(Priority.CRITICAL, "TROP")),
                    acknowledged(practice, a, practice.order(Priority.URGENT, "UE")),
                    acknowledged(practice, a, practice.order(Priority.ROUTINE, "UE", "CRP")));
            Order waiting = acknowledged(practice, a, practice.order(Priority.ROUTINE, "LFT"));
            resulted.forEach(bench::result);
            practice.awaitReports(resulted);
            LabProcess.await("A records each report as delivered (see " + a.log() + ")",
                    () -> a.query(REPORTS).stream().filter(r -> r.contains(" DELIVERED ")).count() == resulted.size());
            a.awaitShipped();
            List<String> orders = a.query(ORDERS);
            List<String> results = a.query(RESULTS);
            List<String> reports = a.query(REPORTS);
            assertThat(orders).hasSize(4);
            assertThat(results).as("TROPT; NA K UREA CREA; NA K UREA CREA CRP").hasSize(10).allMatch(r -> r.contains(" FINAL "));

            a.kill();
            assertThat(a.running()).isFalse();
            assertThat(a.databaseProcesses()).as("A's PostgreSQL, killed with its JVM").isEmpty();

            LabProcess restored = started(a.restoreInto(root.resolve("lab-a-restored"), Backups.under(root.resolve("backups-a2"))));
            assertThat(List.of(restored.httpPort(), restored.mllpPort())).isEqualTo(List.of(a.httpPort(), a.mllpPort()));
            assertThat(restored.query(ORDERS)).as("orders acknowledged before the kill (%s)", restored.log()).isEqualTo(orders);
            assertThat(restored.query(RESULTS)).as("results recorded before the kill").isEqualTo(results);
            assertThat(restored.query(REPORTS)).as("reports delivered before the kill, not owed again").isEqualTo(reports);

            // A serves again where the practice always sent: the order taken before the kill is resulted now, a new one flows.
            Bench benchAgain = bench.on(restored);
            benchAgain.result(waiting);
            Order after = acknowledged(practice, restored, practice.order(Priority.URGENT, "UE"));
            benchAgain.result(after);
            practice.awaitReports(List.of(waiting, after));
            for (Order order : List.of(resulted.get(0), resulted.get(1), resulted.get(2), waiting, after)) {
                assertThat(practice.reports(order.placerOrderNumber())).as("reports for %s", order.placerOrderNumber()).hasSize(1)
                        .allSatisfy(report -> assertThat(report.field("MSH", 4)).isEqualTo("RJ1"));
            }
            assertThat(restored.query(ORDERS)).hasSize(5);
            restored.stop();
            System.out.printf("Lab process drill passed in %.0f s: A started in %.1f s, restored and started in %.1f s%n",
                    (System.nanoTime() - began) / 1e9, a.startUp().toMillis() / 1e3, restored.startUp().toMillis() / 1e3);
        }
    }

    private LabProcess started(LabProcess process) {
        processes.add(process);
        return process;
    }

    private static Order acknowledged(HapiRequester practice, LabProcess lab, Order order) {
        Order answered = practice.send(lab.mllpPort(), order);
        assertThat(answered.ackCode()).as("%s's answer to %s: %s (see %s)", lab.name(), order.controlId(), answered.ack(), lab.log())
                .isEqualTo("AA");
        return answered;
    }
}
