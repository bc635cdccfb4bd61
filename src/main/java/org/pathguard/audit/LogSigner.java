package org.pathguard.audit;

import com.google.crypto.tink.PublicKeySign;
import org.pathguard.crypto.Keyring;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

/** Signs this lab's checkpoints and backup manifests as signed notes, under the log's origin. */
@Component
public final class LogSigner {

    private final PublicKeySign signer;
    private final CheckpointKey key;
    private final String origin;

    LogSigner(Keyring keyring, @Value("${pathguard.lab.ods-code}") String labOdsCode) {
        this.signer = keyring.checkpointSigner();
        this.key = CheckpointKey.of(keyring.checkpointPublicKeyset());
        this.origin = "pathguard/" + labOdsCode + "/event-log";
    }

    public String sign(String body) {
        try {
            return SignedNote.sign(body, origin, key, signer.sign(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The checkpoint key could not sign", e);
        }
    }

    public CheckpointKey key() {
        return key;
    }

    public String origin() {
        return origin;
    }
}
