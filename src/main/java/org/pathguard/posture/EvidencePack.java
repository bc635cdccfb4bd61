package org.pathguard.posture;

import org.pathguard.audit.CheckpointKey;
import org.pathguard.audit.SignedNote;

import org.pathguard.lab.LabTime;

import java.time.LocalDate;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The posture for the toolkit's submission: {@value #JSON} for machines, {@value #PDF} for people, and {@value #SIGNATURE},
 * a signed note (as checkpoints and backup manifests are) whose body names the lab, when, the checkpoint key's
 * fingerprint and the SHA-256 of both files, signed with the lab's Ed25519 checkpoint key. Anyone holding
 * checkpoint-public.json can check it offline ({@link #check}).
 *
 * @param signature the signed note
 */
public record EvidencePack(Instant madeAt, byte[] json, byte[] pdf, String signature) {

    public static final String JSON = "posture.json";
    public static final String PDF = "posture.pdf";
    public static final String SIGNATURE = "signature";
    private static final String HEADER = "pathguard posture evidence pack v1";
    // Far above any real pack (tens of kilobytes); stops a crafted archive from filling memory when checked.
    private static final int LARGEST_FILE = 32 * 1024 * 1024;

    /** What the pack is saved as, the same from the API and the screen: the lab's ODS code and the day it was made. */
    public String fileName(String odsCode) {
        return "posture-evidence-pack-" + odsCode + "-" + LocalDate.ofInstant(madeAt, LabTime.ZONE) + ".zip";
    }

    /** The pack as one zip of its three files. */
    public byte[] zip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> file : List.of(Map.entry(JSON, json), Map.entry(PDF, pdf),
                    Map.entry(SIGNATURE, signature.getBytes(StandardCharsets.UTF_8)))) {
                ZipEntry entry = new ZipEntry(file.getKey());
                // Stored, not deflated: the same files always make the same archive, so a checker can re-make it byte for byte.
                entry.setMethod(ZipEntry.STORED);
                entry.setSize(file.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(file.getValue());
                entry.setCrc(crc.getValue());
                // The time as UTC, never the machine's zone: a checker elsewhere re-makes the same bytes.
                entry.setTimeLocal(LocalDateTime.ofInstant(madeAt, ZoneOffset.UTC));
                zip.putNextEntry(entry);
                zip.write(file.getValue());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String signedBody(String labOds, Instant madeAt, String keyFingerprint, byte[] json, byte[] pdf) {
        return HEADER + "\n"
                + "lab " + labOds + "\n"
                + "made " + madeAt + "\n"
                + "key " + keyFingerprint + "\n"
                + "sha256 " + sha256(json) + " " + JSON + "\n"
                + "sha256 " + sha256(pdf) + " " + PDF + "\n";
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Checks a pack's zip with only the lab's public checkpoint key: the signature is the key's and both files are the
     * ones it names. Returns what it checked, in words.
     *
     * @throws IllegalArgumentException saying what does not hold
     */
    public static String check(byte[] zip, CheckpointKey key) {
        Map<String, byte[]> files = unzip(zip);
        for (String name : List.of(JSON, PDF, SIGNATURE)) {
            if (!files.containsKey(name)) {
                throw new IllegalArgumentException("the pack has no " + name);
            }
        }
        SignedNote note = SignedNote.parse(new String(files.get(SIGNATURE), StandardCharsets.UTF_8));
        boolean signed = note.signatures().stream().anyMatch(s -> s.keyName().startsWith("pathguard/") && note.signedBy(s.keyName(), key));
        if (!signed) {
            throw new IllegalArgumentException("its signature is not by the checkpoint key " + key.fingerprint());
        }
        String[] lines = note.body().split("\n");
        if (!lines[0].equals(HEADER)) {
            throw new IllegalArgumentException("its signature is not of a PathGuard posture evidence pack");
        }
        Map<String, String> digests = new HashMap<>();
        String lab = null;
        String made = null;
        for (String line : lines) {
            String[] parts = line.split(" ");
            if (parts[0].equals("sha256") && parts.length == 3) {
                digests.put(parts[2], parts[1]);
            } else if (parts[0].equals("lab") && parts.length == 2) {
                lab = parts[1];
            } else if (parts[0].equals("made") && parts.length == 2) {
                made = parts[1];
            }
        }
        for (String name : List.of(JSON, PDF)) {
            if (!sha256(files.get(name)).equals(digests.get(name))) {
                throw new IllegalArgumentException(name + " is not the file the lab signed (its SHA-256 differs)");
            }
        }
        // Bytes outside the files (the archive's own headers and directory) are not covered by the digests: re-made, they must agree.
        Instant madeAt;
        try {
            madeAt = Instant.parse(made);
        } catch (RuntimeException notATime) {
            throw new IllegalArgumentException("its signature does not say when it was made");
        }
        String signature = new String(files.get(SIGNATURE), StandardCharsets.UTF_8);
        if (files.size() != 3 || !Arrays.equals(new EvidencePack(madeAt, files.get(JSON), files.get(PDF), signature).zip(), zip)) {
            throw new IllegalArgumentException("the archive around the signed files is not as PathGuard made it");
        }
        return "the evidence pack of " + lab + " made " + made + " is signed by the checkpoint key " + key.fingerprint()
                + " and both files are as signed";
    }

    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> files = new HashMap<>();
        String problem = null;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null && problem == null; entry = in.getNextEntry()) {
                byte[] content = in.readNBytes(LARGEST_FILE + 1);
                if (content.length > LARGEST_FILE) {
                    problem = entry.getName() + " is larger than any evidence pack's";
                } else if (files.put(entry.getName(), content) != null) {
                    problem = "the pack holds " + entry.getName() + " twice";
                }
            }
        } catch (IOException | IllegalArgumentException unreadable) {
            // A damaged archive or an entry name that is not UTF-8: either way not a pack PathGuard made.
            problem = "it is not a readable zip archive";
        }
        if (problem == null && files.isEmpty()) {
            problem = "it is not a zip archive of an evidence pack";
        }
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return files;
    }
}
