package org.pathguard.audit;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A text signed in the C2SP signed-note format (as Go's checksum database and transparency-log
 * witnesses use): the body, a blank line, then lines {@code — <key name> <base64(key id || signature)>}.
 * Checkpoints and backup manifests are signed notes, so any signed-note tool can read them.
 */
public record SignedNote(String body, List<Signature> signatures) {

    private static final String DASH = "\u2014 ";

    public record Signature(String keyName, byte[] keyId, byte[] signature) {
    }

    public SignedNote {
        signatures = List.copyOf(signatures);
    }

    public static String sign(String body, String keyName, CheckpointKey key, byte[] signature) {
        byte[] idAndSignature = new byte[4 + signature.length];
        System.arraycopy(key.keyId(keyName), 0, idAndSignature, 0, 4);
        System.arraycopy(signature, 0, idAndSignature, 4, signature.length);
        return body + "\n" + DASH + keyName + " " + Base64.getEncoder().encodeToString(idAndSignature) + "\n";
    }

    /** Splits a note; refuses text that is not one. */
    public static SignedNote parse(String text) {
        int split = text.lastIndexOf("\n\n");
        if (split < 0 || !text.endsWith("\n")) {
            throw new IllegalArgumentException("Not a signed note: no blank line before a signature");
        }
        String body = text.substring(0, split + 1);
        List<Signature> signatures = new ArrayList<>();
        for (String line : text.substring(split + 2).split("\n")) {
            if (!line.startsWith(DASH)) {
                throw new IllegalArgumentException("Not a signed note: a signature line must start with '— '");
            }
            String[] parts = line.substring(DASH.length()).split(" ");
            byte[] decoded;
            try {
                decoded = parts.length == 2 ? Base64.getDecoder().decode(parts[1]) : new byte[0];
            } catch (IllegalArgumentException notBase64) {
                decoded = new byte[0];
            }
            if (decoded.length < 5) {
                throw new IllegalArgumentException("Not a signed note: a signature line is not '— name base64'");
            }
            byte[] id = new byte[4];
            byte[] signature = new byte[decoded.length - 4];
            System.arraycopy(decoded, 0, id, 0, 4);
            System.arraycopy(decoded, 4, signature, 0, signature.length);
            signatures.add(new Signature(parts[0], id, signature));
        }
        return new SignedNote(body, signatures);
    }

    /** True when one signature is by this key under this name. */
    public boolean signedBy(String keyName, CheckpointKey key) {
        byte[] body = this.body.getBytes(StandardCharsets.UTF_8);
        return signatures.stream().anyMatch(s -> s.keyName().equals(keyName) && key.verifies(keyName, s.keyId(), body, s.signature()));
    }
}
