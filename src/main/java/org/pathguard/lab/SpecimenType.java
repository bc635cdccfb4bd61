package org.pathguard.lab;

/** A kind of sample and the container it comes in. */
public record SpecimenType(String code, String name, String snomed, String container) {
}
