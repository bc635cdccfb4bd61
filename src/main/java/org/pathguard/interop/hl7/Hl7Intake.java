package org.pathguard.interop.hl7;

/**
 * What the MLLP listener hands each frame to, and sends back the answer of: the lab's {@link InboundMessages}, or in
 * router mode ({@code pathguard.mode=router}) the network router's intake, which is then the primary one.
 */
public interface Hl7Intake {

    /** The acknowledgement of one frame from {@code peer}, sent only once what it asked for is committed or refused. */
    String answer(MllpFrame.Read frame, int maxBytes, Hl7Sender.Peer peer);
}
