package org.pathguard.reader;

import java.io.PrintStream;

/**
 * The reader's stderr: what failed, by exception class and stack frames only. Never a message (a parser's message
 * may quote the document) and never a path (a file's name may be a patient's). Everything else the libraries print
 * there is dropped (see {@link Reader#main}).
 */
final class Diagnostics {

    private static PrintStream err = System.err;

    private Diagnostics() {
    }

    static void to(PrintStream stream) {
        err = stream;
    }

    static void failed(Throwable e) {
        StringBuilder line = new StringBuilder("a document failed:");
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            line.append(' ').append(t.getClass().getName());
            StackTraceElement[] frames = t.getStackTrace();
            if (frames.length > 0) {
                line.append(" at ").append(frames[0]);
            }
        }
        err.println(line);
    }

    static void note(String words) {
        err.println(words);
    }
}
