package org.pathguard.router;

import org.pathguard.lab.RequesterSetting;

/**
 * A requester of the network (a GP practice, an emergency department, a ward, outpatients): the lab that normally
 * does its work ({@code homeLab}), where its system takes results and order status over MLLP, and the routine requests
 * a day the network lets it send to partner labs while its home lab is down (null: routine work waits for the home lab).
 */
public record NetworkRequester(String ods, String name, RequesterSetting setting, String homeLab, String resultsHost, int resultsPort,
                               boolean resultsTls, Integer routineQuotaPerDay) {
}
