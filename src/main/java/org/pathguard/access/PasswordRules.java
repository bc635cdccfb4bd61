package org.pathguard.access;

import org.pathguard.lab.LabRuleViolation;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What makes a password acceptable, as the NCSC advises: long enough, not one of the passwords
 * attackers try first (a deny-list of common and breached passwords, with the usual disguises
 * undone), and no composition rules beyond that. Every refusal says why, so the person can choose
 * better rather than add a "1!".
 */
public final class PasswordRules {

    static final int SHORTEST = 12;
    static final int LONGEST = 128;
    private static final String BUILT_IN = "/access/common-passwords.txt";
    /** Rows and runs people walk along: keyboard rows and columns, the alphabet, the digits. */
    private static final List<String> RUNS = List.of("qwertyuiop", "asdfghjkl", "zxcvbnm", "1234567890", "abcdefghijklmnopqrstuvwxyz",
            "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp", "azertyuiop", "qwertzuiop");
    /** A run this long counts as walking; shorter ones occur in real words ("rst" in "first"). */
    private static final int SHORTEST_RUN = 4;

    private final Set<String> denied;

    private PasswordRules(Set<String> denied) {
        this.denied = Set.copyOf(denied);
    }

    /** The built-in list, plus a fuller one from {@code extraList} (one password a line) when a deployment has one. */
    public static PasswordRules withDenyList(Path extraList) {
        Set<String> words = new HashSet<>();
        try (InputStream in = PasswordRules.class.getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException(BUILT_IN + " is missing from the build");
            }
            read(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)), words);
            if (extraList != null) {
                try (BufferedReader extra = Files.newBufferedReader(extraList, StandardCharsets.UTF_8)) {
                    read(extra, words);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PasswordRules(words);
    }

    public static PasswordRules builtIn() {
        return withDenyList(null);
    }

    private static void read(BufferedReader reader, Set<String> into) throws IOException {
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            String word = line.strip().toLowerCase(Locale.ROOT);
            if (!word.isEmpty() && !word.startsWith("#")) {
                into.add(word);
            }
        }
    }

    /** Throws the reason, in words, when {@code password} would be easy to guess for {@code username}. */
    public void check(String username, String password) {
        refusal(username, password).ifPresent(why -> {
            throw new LabRuleViolation("weak-password", why);
        });
    }

    public Optional<String> refusal(String username, String password) {
        if (password == null || password.length() < SHORTEST) {
            return Optional.of("Choose a password of at least " + SHORTEST + " characters; a few unrelated words together are easiest to remember");
        }
        if (password.length() > LONGEST) {
            return Optional.of("Choose a password of at most " + LONGEST + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        if (username != null && !username.isBlank() && lower.contains(username.toLowerCase(Locale.ROOT))) {
            return Optional.of("The password must not contain your username");
        }
        String joined = lower.replaceAll("\\s+", "");
        if (denied.contains(lower) || denied.contains(joined)) {
            return Optional.of("That is one of the most commonly used passwords, which attackers try first; choose another");
        }
        Optional<String> unit = repeatedUnit(joined);
        if (unit.isPresent()) {
            return Optional.of("That password repeats \"" + unit.get() + "\"; a repeated word or pattern is guessed as easily as the word itself");
        }
        if (walked(joined)) {
            return Optional.of("That password is a keyboard pattern or a run of letters or digits (like \"qwerty\" or \"1234\"), which attackers try first");
        }
        for (String core : cores(joined)) {
            if (denied.contains(core) || repeatedUnit(core).map(denied::contains).orElse(false)) {
                return Optional.of("That password is a common one (\"" + core + "\") with digits, symbols or look-alike characters "
                        + "added, which attackers try first; choose something less predictable");
            }
        }
        return Optional.empty();
    }

    /** The shortest piece the whole text is made of, repeated at least twice ("passwordpassword", "abcabcabcabc"). */
    static Optional<String> repeatedUnit(String text) {
        for (int length = 1; length <= text.length() / 2; length++) {
            if (text.length() % length == 0 && text.equals(text.substring(0, length).repeat(text.length() / length))) {
                return Optional.of(text.substring(0, length));
            }
        }
        return Optional.empty();
    }

    /** Whether runs of four or more keys along a row, column, the alphabet or the digits (either way) make up most of it. */
    static boolean walked(String text) {
        boolean[] covered = new boolean[text.length()];
        for (String run : RUNS) {
            for (String line : new String[]{run, new StringBuilder(run).reverse().toString()}) {
                for (int start = 0; start + SHORTEST_RUN <= text.length(); start++) {
                    int end = start;
                    while (end < text.length() && end - start < line.length()
                            && line.contains(text.substring(start, end + 1))) {
                        end++;
                    }
                    if (end - start >= SHORTEST_RUN) {
                        for (int i = start; i < end; i++) {
                            covered[i] = true;
                        }
                    }
                }
            }
        }
        int count = 0;
        for (boolean c : covered) {
            count += c ? 1 : 0;
        }
        return count * 4 >= text.length() * 3;
    }

    /**
     * The word inside a disguise: digits and symbols stripped from both ends, and look-alike characters
     * read as letters (p@ssw0rd). A "1" may stand for i or l, so both readings are tried.
     */
    static List<String> cores(String text) {
        String stripped = text.replaceAll("^[^\\p{L}]+|[^\\p{L}]+$", "");
        String read = stripped.replace('@', 'a').replace('4', 'a').replace('3', 'e').replace('0', 'o')
                .replace('5', 's').replace('$', 's').replace('7', 't').replace('!', 'i');
        String core = read.replaceAll("^[^\\p{L}1]+|[^\\p{L}1]+$", "");
        return List.of(stripped, core.replace('1', 'i'), core.replace('1', 'l')).stream()
                .filter(c -> c.length() >= 3).distinct().toList();
    }
}
