package org.pathguard.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.Callable;

/** For interface engineers: the outbound report queue of a running server, through its API. */
@Command(name = "interfaces", mixinStandardHelpOptions = true,
        description = "See and replay outbound HL7 report messages on a running server.",
        subcommands = {InterfacesCommand.Outbound.class, InterfacesCommand.Replay.class})
final class InterfacesCommand {

    /** Where the server is and who is asking. */
    static final class Server {
        @Option(names = "--server", defaultValue = "http://localhost:8080", description = "Server URL (default: ${DEFAULT-VALUE})")
        String url;

        @Option(names = "--credential", defaultValue = "${env:PATHGUARD_CREDENTIAL}",
                description = "A machine credential with the 'interfaces' scope (or PATHGUARD_CREDENTIAL); issue one with 'admin credential'")
        String credential;

        JsonNode call(String method, String path) throws IOException, InterruptedException {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url + path))
                    .header("Authorization", "Bearer " + (credential == null ? "" : credential))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build();
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = JsonMapper.builder().build().readTree(response.body());
            if (response.statusCode() >= 400) {
                throw new IllegalStateException(response.statusCode() + ": " + body.path("detail").asString(response.body()));
            }
            return body;
        }
    }

    static void print(JsonNode m) {
        System.out.printf("%-36s  %-14s %-7s %-9s %3d  %-27s %s%n", m.get("id").asString(), m.get("accession").asString(),
                m.get("requesterOds").asString(), m.get("state").asString(), m.get("attempts").asInt(),
                m.get("state").asString().equals("DELIVERED") ? m.path("deliveredAt").asString("") : m.get("nextAttemptAt").asString(),
                m.path("lastError").asString(""));
    }

    @Command(name = "outbound", mixinStandardHelpOptions = true, description = "List outbound report messages, newest first.")
    static final class Outbound implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Server server;

        @Option(names = "--state", description = "PENDING, DELIVERED or DEAD (default: all)")
        String state;

        @Option(names = "--limit", defaultValue = "50", description = "How many (default: ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() throws Exception {
            JsonNode messages = server.call("GET", "/api/interfaces/outbound?limit=" + limit
                    + (state == null ? "" : "&state=" + state.toUpperCase()));
            System.out.printf("%-36s  %-14s %-7s %-9s %3s  %-27s %s%n", "id", "accession", "to", "state", "try",
                    "next attempt / delivered", "last error");
            messages.forEach(InterfacesCommand::print);
            return 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, description = "Send a dead-lettered message again.")
    static final class Replay implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Server server;

        @Parameters(paramLabel = "ID", description = "Outbound message id (from 'interfaces outbound --state dead')")
        String id;

        @Override
        public Integer call() throws Exception {
            print(server.call("POST", "/api/interfaces/outbound/" + id + "/replay"));
            return 0;
        }
    }
}
