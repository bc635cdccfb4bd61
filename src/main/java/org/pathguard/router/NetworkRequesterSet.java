package org.pathguard.router;

/** Event: an approved change put a requester in the directory or changed its home lab, endpoint or quota. */
record NetworkRequesterSet(NetworkRequester requester) {
}
