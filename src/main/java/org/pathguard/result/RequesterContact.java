package org.pathguard.result;

import org.pathguard.lab.FreeText;
import org.pathguard.lab.LabRuleViolation;
import org.pathguard.lab.OdsCode;
import org.pathguard.lab.RequesterSetting;

import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Whom the lab phones with a requester's critical results: a ward's or practice's name for the contact
 * ("Ward 7 nurses' station", "Duty doctor"), an outside phone number and, in a hospital, a bleep. The requester's
 * setting (GP, emergency department, ward, outpatients) is kept beside it: the lab's sitrep counts by it.
 *
 * @param setting null when not recorded
 */
public record RequesterContact(String requesterOds, String name, String phone, String bleep, RequesterSetting setting,
                               String setBy, Instant setAt) {

    // UK numbers as people write them: 020 7188 7188, +44 20 7188 7188, 01632 960 001 ext 214.
    private static final Pattern PHONE = Pattern.compile("^\\+?[0-9][0-9 ()-]{5,22}( ?(ext|x) ?[0-9]{1,6})?$");
    private static final Pattern BLEEP = Pattern.compile("^[0-9]{2,8}$");

    /** Checks a contact as typed; at least one way to reach them. Each field's message names the field in words. */
    static RequesterContactSet checked(String requesterOds, String name, String phone, String bleep, RequesterSetting setting) {
        String ods = OdsCode.parse(requesterOds).value();
        String who = FreeText.line("Contact name", name);
        String number = phone == null || phone.isBlank() ? null : phone.strip();
        String pager = bleep == null || bleep.isBlank() ? null : bleep.strip();
        if (number == null && pager == null) {
            throw new LabRuleViolation("missing-phone", "Give a phone number or a bleep to reach them");
        }
        if (number != null && !PHONE.matcher(number).matches()) {
            throw new LabRuleViolation("invalid-phone", "Phone number must be digits as dialled, such as 020 7188 7188 or 01632 960001 ext 214");
        }
        if (pager != null && !BLEEP.matcher(pager).matches()) {
            throw new LabRuleViolation("invalid-bleep", "Bleep must be 2 to 8 digits, such as 4412");
        }
        return new RequesterContactSet(ods, who, number, pager, setting);
    }
}
