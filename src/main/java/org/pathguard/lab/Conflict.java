package org.pathguard.lab;

import java.util.Map;

/** The request clashes with what is already recorded (a duplicate, or a step already taken). */
public class Conflict extends RuntimeException {

    private final Map<String, Object> properties;

    public Conflict(String message) {
        this(message, Map.of());
    }

    public Conflict(String message, Map<String, Object> properties) {
        super(message);
        this.properties = Map.copyOf(properties);
    }

    public Map<String, Object> properties() {
        return properties;
    }
}
