package org.pathguard.access;

import java.util.List;
import java.util.UUID;

/** A machine credential (analyser, order communications, partner lab) with what it may send. */
public record CredentialIssued(UUID credentialId, String name, String organisation, List<String> scopes,
                               byte[] secretIndex) {
}
