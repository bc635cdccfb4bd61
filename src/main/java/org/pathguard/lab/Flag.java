package org.pathguard.lab;

/** Abnormal flag: below/above the reference range, or beyond a critical limit. */
public enum Flag {
    LL, L, H, HH
}
