package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import org.pathguard.Api;
import org.pathguard.LabServerTest;

/**
 * What the fuzz targets share: the integration tests' real server, a network permission for it, and
 * a count of the clinical events a request appended.
 */
abstract class FuzzedServer extends LabServerTest {

    /**
     * Events appended by design around a request rather than by what it asked for: reads and refused
     * reads of patient data, identifications that did not match, alerts about them, sign-ins, and report deliveries by the background
     * dispatcher. A refused request may cause these; it must cause nothing else.
     */
    private static final String ACCOUNTING = """
            'PatientDataRead', 'PatientReadRefused', 'PatientIdentificationRefused', 'AccessAlertRaised', 'SignedIn', 'SignInFailed',
            'AccountInvited', 'AccountEnrolled', 'CredentialIssued',
            'ReportDelivered', 'DeliveryAbandoned', 'DeliveryReplayed'""";

    /**
     * Inputs tried so far. Each may read a new patient, and one scientist is stopped at the read
     * budget (1,000 patients in 8 hours), as the product should: so a new scientist takes over every
     * 400 inputs, as a lab's staff share its work.
     */
    private int inputs;
    /**
     * Principals stopped for guessing: edited names and dates of birth are wrong guesses at a patient's identity, and
     * after a few the product refuses the principal further attempts, as it should; a colleague takes over.
     */
    private int stoppedForGuessing;

    void nextInput() {
        inputs++;
    }

    Api scientist() {
        return api("fuzz.scientist-" + inputs / 400 + "-" + stoppedForGuessing, "SCIENTIST");
    }

    Api machine(String name) {
        return api(name + "-" + stoppedForGuessing, "INTERFACE");
    }

    /** Whether the answer is the refusal of a principal stopped for guessing; the next input then comes from another. */
    boolean stoppedForGuessing(Api.Response response) {
        if (response.status() == 429 && response.body().contains("Too many attempts to identify")) {
            stoppedForGuessing++;
            return true;
        }
        return false;
    }

    /** The sequence number of the latest event, so that what a request appends can be counted after it. */
    long lastEvent() {
        return db.sql("select coalesce(max(seq), 0) from event_log").query(Long.class).single();
    }

    long clinicalEventsAfter(long seq) {
        return db.sql("select count(*) from event_log where seq > ? and event_type not in (" + ACCOUNTING + ")")
                .param(seq).query(Long.class).single();
    }

    /** Text for a finding's message, cut short: inputs and answers can be large. */
    static String brief(String text) {
        return text.length() <= 2_000 ? text : text.substring(0, 2_000) + "... (" + text.length() + " characters)";
    }

    /**
     * Once fuzzing starts, Jazzer reports every network connection as server-side request forgery. The
     * server under test (HTTP, MLLP and its database) is on this machine; anything else is a finding.
     */
    static SilentCloseable onlyLocalConnections() {
        return BugDetectors.allowNetworkConnections((host, port) ->
                host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("0:0:0:0:0:0:0:1"));
    }
}
