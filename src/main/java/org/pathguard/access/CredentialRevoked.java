package org.pathguard.access;

import java.util.UUID;

public record CredentialRevoked(UUID credentialId) {
}
