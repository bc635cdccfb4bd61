package org.pathguard.lab;

/**
 * One answer on a coded result's list: the lab's code, the words the report carries, and the SNOMED CT
 * concept where one exists (null where SNOMED CT has none, such as "not determined").
 */
public record CodedValue(String code, String words, String snomed) {

    public CodedValue {
        if (code == null || code.isBlank() || words == null || words.isBlank()) {
            throw new IllegalArgumentException("A coded value needs a code and its words");
        }
    }

    /** Whether what was typed or sent names this answer: its code, its SNOMED CT concept or its words, in any case. */
    boolean isNamedBy(String sent) {
        String s = sent.strip().replaceAll("\\s+", " ");
        return s.equalsIgnoreCase(code) || s.equalsIgnoreCase(words) || s.equals(snomed);
    }
}
