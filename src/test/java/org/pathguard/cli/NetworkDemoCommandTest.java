package org.pathguard.cli;

import org.junit.jupiter.api.Test;
import org.pathguard.demo.DemoDay;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./pathguard demo --network --exit} with a small day: the router and three labs start in one JVM, are introduced,
 * the morning's orders pass to their home labs and their reports come back to the requesters; RJ1 falls, the afternoon's
 * orders for its requesters are routed to partners or held; RJ1 comes back and the held ones drain into it. The summary
 * accounts for every order once (each lab's ledger balancing, all of them together the orders sent), and the command
 * exits 0 only when every order settled where it should and every server's chain verifies. Nothing printed or logged
 * names a patient.
 */
class NetworkDemoCommandTest {

    private static final int ORDERS = 30;

    @Test
    void aSmallNetworkDayRoutesEveryOrderAndAccountsForItInTheLedger() throws Exception {
        Path dir = Files.createTempDirectory("pathguard-network-demo-");
        DemoAtRestTest.Run demo = DemoAtRestTest.run("demo", "--network", "--exit", "--orders", String.valueOf(ORDERS),
                "--port", "0", "--mllp-port", "0", "--data-dir", dir.toString());
        String out = demo.output();
        assertThat(demo.exitCode()).as(out).isZero();
        assertThat(out).contains("PathGuard network demo: started in", "router  network router (PGNET)",
                        "ledgers together  " + ORDERS + " of " + ORDERS + " orders sent")
                .doesNotContain("DOES NOT BALANCE", "PROBLEMS", "CHAIN BROKEN");
        for (String lab : new String[]{"RJ1", "RYJ", "RJZ"}) {
            assertThat(out).containsPattern("ledger " + lab + " +received [1-9][0-9]* = .*balances");
            assertThat(Files.isDirectory(dir.resolve("network").resolve(lab).resolve("postgres"))).as(lab + "'s own database").isTrue();
        }
        // The morning went to the home labs; while RJ1 was down some of its requesters' orders were held at the router.
        assertThat(out).containsPattern("Morning: .*\\n.*MSA-1 \\{AA=" + ORDERS / 2 + "}; .*\\{IP=" + ORDERS / 2 + "}");
        assertThat(out).containsPattern("Afternoon: .*\\n.*MSA-1 \\{AA=" + (ORDERS - ORDERS / 2) + "}; .*HD=[1-9]");
        // Every order worked at a lab with all its results released has its report at the requesters' endpoint.
        Matcher back = Pattern.compile("results back .*; (\\d+) orders with results").matcher(out);
        assertThat(back.find()).as(out).isTrue();
        Matcher worked = Pattern.compile("worked at +\\{([^}]*)}").matcher(out);
        assertThat(worked.find()).as(out).isTrue();
        int workedOrders = Pattern.compile("=(\\d+)").matcher(worked.group(1)).results().mapToInt(m -> Integer.parseInt(m.group(1))).sum();
        Matcher held = Pattern.compile("held at labs +(\\d+) results").matcher(out);
        assertThat(held.find()).as(out).isTrue();
        assertThat(Integer.parseInt(back.group(1))).as("orders with results back").isPositive().isLessThanOrEqualTo(workedOrders);
        assertThat(out).containsPattern("event log RJ1 +[0-9,]+ events, chain verified");
        // RJ1, back, files every partner result the router sends it into its patients' histories.
        assertThat(out).containsPattern("results to RJ1 +partner results sent to RJ1 on its return, by their answer \\{DELIVERED=[1-9][0-9]*}");
        // Four servers' warnings and the demo's own account name no patient (the day's patients are the seed's).
        for (DemoDay.SyntheticPatient p : DemoDay.syntheticPatients(ORDERS, 2024)) {
            assertThat(out).doesNotContain(p.nhsNumber());
            if (p.familyName().length() >= 6) {
                assertThat(out).doesNotContain(p.familyName());
            }
        }
    }
}
