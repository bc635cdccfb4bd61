package org.pathguard.bench;

import org.pathguard.database.DatabaseServer;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PostgreSQL alone doing what one ORU^R01 makes PathGuard do: pgbench runs the statements of one message
 * ({@code bench/oru-r01.pgbench}) as one transaction per message or per group of messages, on the lab's own Flyway-migrated schema and the
 * embedded server's durability (fsync and synchronous_commit on). Its messages/s is the ceiling PathGuard's own
 * figure is a fraction of.
 */
public final class PostgresLimit {

    /** What pgbench measured: messages (transactions) per second, and its refusals. */
    public record Figure(long messages, double perSecond, long failed, String problem) {

        boolean clean() {
            return failed == 0 && problem == null;
        }
    }

    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+) \\(without initial connection time\\)");
    private static final Pattern PROCESSED = Pattern.compile("number of transactions actually processed: (\\d+)");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    // More than the fastest rate this machine can do, times the seconds: every message finds its own order.
    private static final int MESSAGES_PER_SECOND_CEILING = 5_000;

    private final DataSource dataSource;
    private final DatabaseServer database;
    private final Path pgbench;
    private final PrintStream out;

    public PostgresLimit(DataSource dataSource, DatabaseServer database, Path pgbench, PrintStream out) {
        this.dataSource = dataSource;
        this.database = database;
        this.pgbench = pgbench;
        this.out = out;
    }

    /**
     * Prepares the orders the run may take, then runs pgbench with {@code clients} for {@code seconds}, committing
     * {@code perCommit} messages' appends together as the event log's group commit does (1: a commit per message).
     */
    public Figure run(int clients, int seconds, int perCommit, Path workDir) throws IOException, InterruptedException {
        int messages = MESSAGES_PER_SECOND_CEILING * seconds;
        prepare(messages);
        Path script = workDir.resolve("oru-r01.pgbench");
        Files.writeString(script, script(resource("oru-r01.pgbench"), perCommit));
        List<String> command = new ArrayList<>(List.of(pgbench.toString(), "--no-vacuum", "--protocol=prepared",
                "--client=" + clients, "--jobs=" + Math.min(clients, Runtime.getRuntime().availableProcessors()),
                "--time=" + seconds, "--file=" + script, "--host=localhost", "--port=" + database.port(),
                "--username=" + database.user(), "postgres"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        // The password by environment, never on the command line where any local user could read it.
        builder.environment().put("PGPASSWORD", database.password());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int exit = process.waitFor();
        Figure figure = figure(output, exit, perCommit);
        if (!figure.clean()) {
            out.println(output.strip());
        }
        return figure;
    }

    /** pgbench's transactions are groups of {@code perCommit} messages. */
    static Figure figure(String output, int exit, int perCommit) {
        long processed = find(PROCESSED, output).map(Long::parseLong).orElse(0L);
        long failed = find(FAILED, output).map(Long::parseLong).orElse(0L);
        OptionalDouble rate = find(TPS, output).map(t -> OptionalDouble.of(Double.parseDouble(t))).orElse(OptionalDouble.empty());
        String problem = exit != 0 ? "pgbench exited " + exit
                : output.contains("aborted") ? "a pgbench client aborted"
                : rate.isEmpty() ? "pgbench printed no rate" : null;
        return new Figure(processed * perCommit, rate.orElse(0) * perCommit, failed, problem);
    }

    /**
     * One message's script, or {@code perCommit} messages' in one pgbench transaction: each message's reads in turn
     * (autocommit, as the MLLP threads run them), then all their appends between one BEGIN and COMMIT.
     */
    static String script(String oneMessage, int perCommit) {
        if (perCommit == 1) {
            return oneMessage;
        }
        int begin = oneMessage.indexOf("BEGIN;");
        int commit = oneMessage.indexOf("COMMIT;");
        String reads = oneMessage.substring(0, begin);
        String append = oneMessage.substring(begin + "BEGIN;".length(), commit);
        StringBuilder grouped = new StringBuilder();
        for (int k = 1; k <= perCommit; k++) {
            grouped.append(numbered(reads, k));
        }
        grouped.append("BEGIN;");
        for (int k = 1; k <= perCommit; k++) {
            grouped.append(numbered(append, k));
        }
        return grouped.append("COMMIT;\n").toString();
    }

    /** The k-th message of a group: its own number, so its own order. */
    private static String numbered(String statements, int k) {
        return statements.replace("AS n \\gset", "AS n" + k + " \\gset").replaceAll(":n\\b", ":n" + k);
    }

    private static java.util.Optional<String> find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        return m.find() ? java.util.Optional.of(m.group(1)) : java.util.Optional.empty();
    }

    private void prepare(int messages) {
        String setup = resource("oru-r01-setup.sql").replace(":messages", Integer.toString(messages));
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(setup);
        } catch (SQLException e) {
            throw new IllegalStateException("Preparing the pg-limit orders failed: " + e.getMessage(), e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = PostgresLimit.class.getResourceAsStream("/bench/" + name)) {
            if (in == null) {
                throw new IllegalStateException("bench/" + name + " is missing from the application");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
