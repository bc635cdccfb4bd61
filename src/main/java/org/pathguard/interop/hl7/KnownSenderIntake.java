package org.pathguard.interop.hl7;

/**
 * Takes a message from a sender already known by another means than its MLLP connection: the network router's intake
 * answers the orders that reach it by FHIR, under the requester's credential, exactly as it answers them over MLLP.
 */
public interface KnownSenderIntake {

    /** The answer to one message (segments separated by CR) from {@code sender}, sent only once it is committed or refused. */
    String answer(String message, Hl7Sender sender);
}
