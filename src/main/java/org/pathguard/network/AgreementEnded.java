package org.pathguard.network;

/** Event: a lab manager ended the agreement with a partner; nothing more is referred to it. */
record AgreementEnded(String odsCode, String reason) {
}
