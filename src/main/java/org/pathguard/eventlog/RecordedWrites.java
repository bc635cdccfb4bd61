package org.pathguard.eventlog;

import java.util.ArrayList;
import java.util.List;

/**
 * A replay worker's projection writes for one event, kept to be run later, in log order, on the
 * rebuilding transaction. On replay a {@code writeNow} is taken to change exactly one row (every
 * projection checks that it did when the event was appended) and that is checked when it runs.
 */
final class RecordedWrites implements ProjectionWriter {

    private enum Kind { WRITE, AT_END, ONCE_AT_END, NOW }

    private record Write(Kind kind, String sql, Object[] parameters) {
    }

    private final long sequence;
    private final List<Write> writes = new ArrayList<>(4);

    RecordedWrites(long sequence) {
        this.sequence = sequence;
    }

    @Override
    public void write(String sql, Object... parameters) {
        writes.add(new Write(Kind.WRITE, sql, parameters));
    }

    @Override
    public void writeAtEnd(String sql, Object... parameters) {
        writes.add(new Write(Kind.AT_END, sql, parameters));
    }

    @Override
    public void writeOnceAtEnd(String sql, Object... parameters) {
        writes.add(new Write(Kind.ONCE_AT_END, sql, parameters));
    }

    @Override
    public int writeNow(String sql, Object... parameters) {
        writes.add(new Write(Kind.NOW, sql, parameters));
        return 1;
    }

    void runOn(ProjectionWriter writer) {
        for (Write w : writes) {
            switch (w.kind()) {
                case WRITE -> writer.write(w.sql(), w.parameters());
                case AT_END -> writer.writeAtEnd(w.sql(), w.parameters());
                case ONCE_AT_END -> writer.writeOnceAtEnd(w.sql(), w.parameters());
                case NOW -> {
                    int changed = writer.writeNow(w.sql(), w.parameters());
                    if (changed != 1) {
                        throw new IllegalStateException("Replaying sequence " + sequence + " changed " + changed
                                + " rows where its projection expects one: the log and the projections' rules disagree");
                    }
                }
            }
        }
    }
}
