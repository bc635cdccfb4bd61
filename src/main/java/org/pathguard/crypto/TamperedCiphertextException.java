package org.pathguard.crypto;

/** A ciphertext did not authenticate: altered, moved to another row, or sealed under another key. */
public final class TamperedCiphertextException extends RuntimeException {

    public TamperedCiphertextException(String boundTo) {
        super("Stored ciphertext for " + boundTo + " failed authentication (altered, moved or wrong key)");
    }
}
