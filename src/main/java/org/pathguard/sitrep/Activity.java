package org.pathguard.sitrep;

import java.time.LocalDate;

import org.pathguard.lab.Priority;
import org.pathguard.lab.RequesterSetting;

/**
 * One day's tests for one priority and requester setting. Every count is of tests, each on the day its event
 * happened, under its order's priority and its requester's setting.
 *
 * @param setting   null when the requester's setting is not recorded
 * @param deferred  null where the producer cannot know it (a lab alone does not see what the router held)
 */
public record Activity(LocalDate day, Priority priority, RequesterSetting setting,
                       int requested, int performed, int referredOut, Integer deferred, int rejected) {
}
