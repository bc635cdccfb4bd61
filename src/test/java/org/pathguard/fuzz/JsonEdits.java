package org.pathguard.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import org.pathguard.Api;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.util.RawValue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Fuzzer-chosen edits of a JSON document: values replaced (by text, numbers, literals, containers or
 * words the lab knows), members removed or added, array items copied; then edits of the text itself,
 * so that malformed JSON is tried as well as well-formed JSON of the wrong shape.
 */
final class JsonEdits {

    private static final int MAX_EDITS = 6;
    private static final int MAX_TEXT_EDITS = 2;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Values the lab's checks look for, so that edits get past the first check more often than random text does. */
    private static final String[] WORDS = {"", " ", "null", "ROUTINE", "URGENT", "CRITICAL", "FEMALE", "MALE", "UNKNOWN",
            "HAEMOLYSED", "CLOTTED", "UE", "FBC", "CRP", "TROP", "COAG", "NA", "K", "HB", "INR", "ABORH", "SER", "EDTA", "CIT",
            "mmol/L", "g/L", "mg/dL", "7.1", "-1", "0", "<5", "1e999999999", "NaN", "G85001", "FUZZ01", "RJ122", "PG", "PG2600001",
            "9434765918", "9990000018", "1970-01-01", "2999-12-31", "1900-02-29", "2024-01-01T00:00:00Z", "2999-01-01T00:00:00Z",
            "00000000-0000-0000-0000-000000000000", "active", "order", "urgent", "stat", "transaction", "batch", "POST", "PUT",
            "ServiceRequest", "Specimen", "Patient", "Bundle", "Observation", "#requester", "urn:uuid:1", "Patient/x",
            "https://fhir.nhs.uk/Id/nhs-number", "https://pathguard.nhs.uk/CodeSystem/lab-test",
            "https://pathguard.nhs.uk/CodeSystem/specimen-type", "https://pathguard.nhs.uk/Id/specimen-barcode", "http://snomed.info/sct"};
    private static final String[] NUMBERS = {"0", "-0", "-1", "1.5", "1e999999999", "1e-999999999", "9223372036854775808",
            "-9223372036854775809", "1E+2147483647", "0.0000000000000000000001"};

    private enum Edit { REPLACE, REMOVE, ADD, COPY }

    private enum Value { TEXT, WORD, NUMBER, LONG, TRUE, FALSE, NULL, OBJECT, ARRAY, LONG_TEXT }

    private enum TextEdit { INSERT, DELETE, TRUNCATE }

    /** Where a value sits: a member of an object or an item of an array. */
    private record Slot(JsonNode container, String name, int index) {
    }

    private JsonEdits() {
    }

    static String apply(String json, FuzzedDataProvider data) {
        JsonNode root = Api.JSON.readTree(json);
        for (int n = data.consumeInt(0, MAX_EDITS); n > 0; n--) {
            edit(root, data);
        }
        String text = root.toString();
        for (int n = data.consumeInt(0, MAX_TEXT_EDITS); n > 0; n--) {
            text = editText(text, data);
        }
        return text;
    }

    private static void edit(JsonNode root, FuzzedDataProvider data) {
        List<Slot> slots = new ArrayList<>();
        collect(root, slots);
        Edit edit = data.pickValue(Edit.values());
        if (edit == Edit.ADD) {
            List<JsonNode> containers = new ArrayList<>(List.of(root));
            slots.stream().map(slot -> get(slot)).filter(JsonNode::isContainer).forEach(containers::add);
            switch (data.pickValue(containers)) {
                case ObjectNode object -> object.set(data.consumeBoolean() ? data.pickValue(WORDS) : data.consumeString(16), value(data));
                case ArrayNode array -> array.insert(data.consumeInt(0, array.size()), value(data));
                default -> throw new IllegalStateException("only containers were collected");
            }
            return;
        }
        if (slots.isEmpty()) {
            return;
        }
        Slot slot = data.pickValue(slots);
        switch (edit) {
            case REPLACE -> set(slot, value(data));
            case REMOVE -> {
                if (slot.container() instanceof ObjectNode object) {
                    object.remove(slot.name());
                } else {
                    ((ArrayNode) slot.container()).remove(slot.index());
                }
            }
            case COPY -> {
                if (slot.container() instanceof ArrayNode array) {
                    array.insert(slot.index(), get(slot).deepCopy());
                } else {
                    set(slot, NODES.arrayNode().add(get(slot).deepCopy()).add(get(slot).deepCopy()));
                }
            }
            default -> throw new IllegalStateException("handled above");
        }
    }

    private static JsonNode value(FuzzedDataProvider data) {
        return switch (data.pickValue(Value.values())) {
            case TEXT -> NODES.stringNode(data.consumeString(40));
            case WORD -> NODES.stringNode(data.pickValue(WORDS));
            case NUMBER -> NODES.rawValueNode(new RawValue(data.pickValue(NUMBERS)));
            case LONG -> NODES.numberNode(data.consumeLong());
            case TRUE -> NODES.booleanNode(true);
            case FALSE -> NODES.booleanNode(false);
            case NULL -> NODES.nullNode();
            case OBJECT -> NODES.objectNode();
            case ARRAY -> NODES.arrayNode();
            case LONG_TEXT -> NODES.stringNode(String.valueOf(data.consumeChar()).repeat(data.consumeInt(100, 10_000)));
        };
    }

    private static String editText(String text, FuzzedDataProvider data) {
        int at = data.consumeInt(0, text.length());
        return switch (data.pickValue(TextEdit.values())) {
            case INSERT -> text.substring(0, at) + data.consumeString(16) + text.substring(at);
            case DELETE -> text.substring(0, at) + text.substring(Math.min(text.length(), at + data.consumeInt(1, 16)));
            case TRUNCATE -> text.substring(0, at);
        };
    }

    private static void collect(JsonNode container, List<Slot> slots) {
        if (container instanceof ObjectNode object) {
            for (Map.Entry<String, JsonNode> member : object.properties()) {
                slots.add(new Slot(object, member.getKey(), -1));
                collect(member.getValue(), slots);
            }
        } else if (container instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                slots.add(new Slot(array, null, i));
                collect(array.get(i), slots);
            }
        }
    }

    private static JsonNode get(Slot slot) {
        return slot.name() != null ? slot.container().get(slot.name()) : slot.container().get(slot.index());
    }

    private static void set(Slot slot, JsonNode value) {
        if (slot.container() instanceof ObjectNode object) {
            object.set(slot.name(), value);
        } else {
            ((ArrayNode) slot.container()).set(slot.index(), value);
        }
    }
}
