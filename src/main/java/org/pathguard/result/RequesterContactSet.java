package org.pathguard.result;

import org.pathguard.lab.RequesterSetting;

/**
 * Event: whom the lab phones with a requester's critical results, set by a lab manager, and where the requester
 * works (its setting, which the sitrep measures turnaround by). Events from before settings were kept have none.
 */
record RequesterContactSet(String requesterOds, String name, String phone, String bleep, RequesterSetting setting) {
}
