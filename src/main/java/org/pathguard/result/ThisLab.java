package org.pathguard.result;

import org.pathguard.lab.LabRuleViolation;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * This laboratory as it names itself on reports and messages: its ODS code ({@code pathguard.lab.ods-code}) and
 * name ({@code pathguard.lab.name}). A result without a {@link PerformingLab} was performed here.
 */
@Component
public class ThisLab {

    private final PerformingLab identity;

    ThisLab(@Value("${pathguard.lab.ods-code:PGLAB}") String odsCode,
            @Value("${pathguard.lab.name:PathGuard demonstration laboratory}") String name) {
        try {
            this.identity = new PerformingLab(odsCode, name);
        } catch (LabRuleViolation e) {
            throw new IllegalStateException("pathguard.lab.ods-code and pathguard.lab.name name this laboratory on every report "
                    + "and message: " + e.getMessage(), e);
        }
    }

    public PerformingLab identity() {
        return identity;
    }

    /** Who performed a result: the partner laboratory named on it, or this one. */
    public PerformingLab performerOf(LabResult result) {
        return result.performedBy() == null ? identity : result.performedBy();
    }
}
