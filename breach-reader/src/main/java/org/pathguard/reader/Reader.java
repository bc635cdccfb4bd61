package org.pathguard.reader;

/** The reader's entry point: requests on stdin, framed documents on stdout (placeholder until the protocol lands). */
public final class Reader {

    private Reader() {
    }

    public static void main(String[] args) {
        System.exit(0);
    }
}
