package org.pathguard.lab;

/** Why a specimen was not accepted for testing. */
public enum RejectionReason {
    UNLABELLED, HAEMOLYSED, WRONG_CONTAINER, INSUFFICIENT, CLOTTED
}
