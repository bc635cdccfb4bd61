package org.pathguard.web;

import java.io.IOException;

/** A request body past the size limit, raised while the body is read so every reader (MVC, FHIR) can answer 413. */
public final class RequestTooLarge extends IOException {

    RequestTooLarge(long maxBytes) {
        super("The request body is larger than the limit of " + maxBytes + " bytes; split it into smaller requests");
    }
}
