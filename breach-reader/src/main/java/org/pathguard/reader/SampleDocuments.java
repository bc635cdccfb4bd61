package org.pathguard.reader;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.poi.hssf.usermodel.HSSFWorkbook;
import org.apache.poi.poifs.crypt.EncryptionInfo;
import org.apache.poi.poifs.crypt.EncryptionMode;
import org.apache.poi.poifs.crypt.Encryptor;
import org.apache.poi.poifs.filesystem.DirectoryEntry;
import org.apache.poi.poifs.filesystem.POIFSFileSystem;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xslf.usermodel.XMLSlideShow;
import org.apache.poi.xslf.usermodel.XSLFTextBox;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.xwpf.usermodel.XWPFDocument;

import java.awt.geom.Rectangle2D;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes documents of the formats a leaked dump holds, from given text, so that the breach scan can be tested on
 * files whose contents are known: the planted corpus (org.pathguard.bench.PlantedCorpus in the lab) asks for them.
 * It is a second entry in the reader's jar because the libraries that write these formats (POI, PDFBox,
 * Commons Compress) are the reader's, and stay off the lab server's classpath.
 *
 * <p>Requests are read from standard input, one a line, tab-separated: {@code FORMAT OUT ARG...}. IN is a UTF-8
 * text file: for documents its lines are paragraphs; for workbooks (xlsx, xls, ods) each line is a row and its
 * cells are tab-separated (a cell that is a plain number is written as a number, as a spreadsheet holds it).
 * <pre>
 * text OUT CHARSET IN          UTF-8, UTF-8-BOM, UTF-16 (with BOM), UTF-16LE, UTF-16BE, windows-1252
 * xlsx|xls|ods OUT IN          one sheet
 * docx|pptx|pdf|html|rtf|odt|msg OUT IN
 * docx-table|html-table OUT IN a table of IN's rows (cells tab-separated), as letters and web pages hold lists
 * eml OUT IN [ATTACHMENT...]   a text/plain e-mail, the files attached
 * mbox OUT IN...               one message a file
 * zip|7z|tar OUT MEMBER...     members named by their file name
 * gz OUT IN
 * docx-password OUT IN PASSWORD   an agile-encrypted DOCX
 * corrupt OUT                  a PDF header followed by noise
 * zip-bomb OUT MEGABYTES       one text member of MEGABYTES of repeated text
 * nested-zip OUT DEPTH IN      IN inside DEPTH zips, each inside the next
 * </pre>
 * Each written file's path is printed on standard output; a request that fails stops the run with a non-zero exit.
 * DOC (Word 97-2003 binary) is not written: POI cannot create a Word binary from nothing and writing one by hand
 * is out of reach for a test writer; DOC reading is Tika's own and tested there.
 */
public final class SampleDocuments {

    /** E-mails' subject: the text given is all body, where a reader finds it as text rather than as a header. */
    private static final String SUBJECT = "Pathology results";
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,15}(\\.\\d+)?");

    private SampleDocuments() {
    }

    public static void main(String[] args) throws IOException {
        var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] request = line.split("\t");
            Path out = Path.of(request[1]);
            if (out.getParent() != null) {
                Files.createDirectories(out.getParent());
            }
            write(request[0], out, Arrays.copyOfRange(request, 2, request.length));
            System.out.println(out);
        }
        System.out.flush();
    }

    static void write(String format, Path out, String[] args) throws IOException {
        switch (format) {
            case "text" -> text(out, args[0], lines(args[1]));
            case "xlsx" -> workbook(new XSSFWorkbook(), out, rows(args[0]));
            case "xls" -> workbook(new HSSFWorkbook(), out, rows(args[0]));
            case "ods" -> ods(out, rows(args[0]));
            case "docx" -> Files.write(out, docx(lines(args[0])));
            case "docx-table" -> docxTable(out, rows(args[0]));
            case "html-table" -> htmlTable(out, rows(args[0]));
            case "pptx" -> pptx(out, lines(args[0]));
            case "pdf" -> pdf(out, lines(args[0]));
            case "html" -> html(out, lines(args[0]));
            case "rtf" -> rtf(out, lines(args[0]));
            case "odt" -> odt(out, lines(args[0]));
            case "msg" -> msg(out, lines(args[0]));
            case "eml" -> Files.writeString(out, eml(lines(args[0]), Arrays.copyOfRange(args, 1, args.length)));
            case "mbox" -> mbox(out, args);
            case "zip" -> zip(out, args);
            case "7z" -> sevenZ(out, args);
            case "tar" -> tar(out, args);
            case "gz" -> gz(out, Path.of(args[0]));
            case "docx-password" -> encrypted(out, docx(lines(args[0])), args[1]);
            case "corrupt" -> corrupt(out);
            case "zip-bomb" -> zipBomb(out, Integer.parseInt(args[0]));
            case "nested-zip" -> nestedZip(out, Integer.parseInt(args[0]), Path.of(args[1]));
            default -> throw new IllegalArgumentException("no such format: " + format);
        }
    }

    private static List<String> lines(String file) throws IOException {
        return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
    }

    private static List<String[]> rows(String file) throws IOException {
        return lines(file).stream().map(l -> l.split("\t", -1)).toList();
    }

    private static void text(Path out, String charset, List<String> lines) throws IOException {
        String text = String.join("\r\n", lines) + "\r\n";
        try (OutputStream o = Files.newOutputStream(out)) {
            switch (charset) {
                case "UTF-8-BOM" -> {
                    o.write(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
                    o.write(text.getBytes(StandardCharsets.UTF_8));
                }
                // Java's UTF-16 encoder writes a big-endian BOM first; Windows' "Unicode" is little-endian with one.
                case "UTF-16" -> {
                    o.write(new byte[]{(byte) 0xFF, (byte) 0xFE});
                    o.write(text.getBytes(StandardCharsets.UTF_16LE));
                }
                default -> o.write(text.getBytes(Charset.forName(charset)));
            }
        }
    }

    private static void workbook(Workbook workbook, Path out, List<String[]> rows) throws IOException {
        try (workbook; OutputStream o = Files.newOutputStream(out)) {
            Sheet sheet = workbook.createSheet("Sheet1");
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                String[] cells = rows.get(r);
                for (int c = 0; c < cells.length; c++) {
                    if (NUMBER.matcher(cells[c]).matches()) {
                        row.createCell(c).setCellValue(Double.parseDouble(cells[c]));
                    } else {
                        row.createCell(c).setCellValue(cells[c]);
                    }
                }
            }
            workbook.write(o);
        }
    }

    private static byte[] docx(List<String> lines) throws IOException {
        try (var document = new XWPFDocument(); var bytes = new ByteArrayOutputStream()) {
            for (String line : lines) {
                document.createParagraph().createRun().setText(line);
            }
            document.write(bytes);
            return bytes.toByteArray();
        }
    }

    private static void docxTable(Path out, List<String[]> rows) throws IOException {
        try (var document = new XWPFDocument(); OutputStream o = Files.newOutputStream(out)) {
            document.createParagraph().createRun().setText("Patients seen in clinic");
            int columns = rows.stream().mapToInt(r -> r.length).max().orElse(1);
            var table = document.createTable(rows.size(), columns);
            for (int r = 0; r < rows.size(); r++) {
                for (int c = 0; c < rows.get(r).length; c++) {
                    table.getRow(r).getCell(c).setText(rows.get(r)[c]);
                }
            }
            document.write(o);
        }
    }

    private static void htmlTable(Path out, List<String[]> rows) throws IOException {
        var s = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>List</title></head><body><table>\n");
        for (int r = 0; r < rows.size(); r++) {
            String cell = r == 0 ? "th" : "td";
            s.append("<tr>");
            for (String value : rows.get(r)) {
                s.append('<').append(cell).append('>').append(escapeXml(value)).append("</").append(cell).append('>');
            }
            s.append("</tr>\n");
        }
        Files.writeString(out, s.append("</table></body></html>\n"));
    }

    private static void pptx(Path out, List<String> lines) throws IOException {
        try (var show = new XMLSlideShow(); OutputStream o = Files.newOutputStream(out)) {
            for (int from = 0; from < Math.max(1, lines.size()); from += 12) {
                XSLFTextBox box = show.createSlide().createTextBox();
                box.setAnchor(new Rectangle2D.Double(30, 30, 660, 480));
                box.clearText();
                for (String line : lines.subList(from, Math.min(lines.size(), from + 12))) {
                    box.addNewTextParagraph().addNewTextRun().setText(line);
                }
            }
            show.write(o);
        }
    }

    private static void pdf(Path out, List<String> lines) throws IOException {
        var font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        try (var document = new PDDocument()) {
            for (int from = 0; from < Math.max(1, lines.size()); from += 45) {
                var page = new PDPage(PDRectangle.A4);
                document.addPage(page);
                try (var content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(font, 10);
                    content.setLeading(15);
                    content.newLineAtOffset(50, 780);
                    for (String line : lines.subList(from, Math.min(lines.size(), from + 45))) {
                        content.showText(line);
                        content.newLine();
                    }
                    content.endText();
                }
            }
            document.save(out.toFile());
        }
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static void html(Path out, List<String> lines) throws IOException {
        var s = new StringBuilder("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Document</title></head><body>\n");
        for (String line : lines) {
            s.append("<p>").append(escapeXml(line)).append("</p>\n");
        }
        Files.writeString(out, s.append("</body></html>\n"));
    }

    private static void rtf(Path out, List<String> lines) throws IOException {
        var s = new StringBuilder("{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Arial;}}\\f0\\fs20\n");
        for (String line : lines) {
            for (char c : line.toCharArray()) {
                if (c == '\\' || c == '{' || c == '}') {
                    s.append('\\').append(c);
                } else if (c < 128) {
                    s.append(c);
                } else {
                    // Unicode escape with a '?' for readers that do not know \\u.
                    s.append("\\u").append((int) (short) c).append('?');
                }
            }
            s.append("\\par\n");
        }
        Files.writeString(out, s.append("}\n"), StandardCharsets.US_ASCII);
    }

    private static void odt(Path out, List<String> lines) throws IOException {
        var body = new StringBuilder("<office:text>");
        for (String line : lines) {
            body.append("<text:p>").append(escapeXml(line)).append("</text:p>");
        }
        openDocument(out, "application/vnd.oasis.opendocument.text", body.append("</office:text>").toString());
    }

    private static void ods(Path out, List<String[]> rows) throws IOException {
        var body = new StringBuilder("<office:spreadsheet><table:table table:name=\"Sheet1\">");
        for (String[] row : rows) {
            body.append("<table:table-row>");
            for (String cell : row) {
                if (NUMBER.matcher(cell).matches()) {
                    body.append("<table:table-cell office:value-type=\"float\" office:value=\"").append(cell).append("\"><text:p>")
                            .append(cell).append("</text:p></table:table-cell>");
                } else {
                    body.append("<table:table-cell office:value-type=\"string\"><text:p>").append(escapeXml(cell))
                            .append("</text:p></table:table-cell>");
                }
            }
            body.append("</table:table-row>");
        }
        openDocument(out, "application/vnd.oasis.opendocument.spreadsheet", body.append("</table:table></office:spreadsheet>").toString());
    }

    /** An OpenDocument package: the mimetype stored first and uncompressed, as the format requires for sniffing. */
    private static void openDocument(Path out, String mediaType, String body) throws IOException {
        String content = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content"
                + " xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\""
                + " xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\""
                + " xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\" office:version=\"1.2\"><office:body>"
                + body + "</office:body></office:document-content>";
        String manifest = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest"
                + " xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
                + "<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"" + mediaType + "\"/>"
                + "<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
                + "</manifest:manifest>";
        try (var zip = new ZipOutputStream(Files.newOutputStream(out))) {
            byte[] type = mediaType.getBytes(StandardCharsets.US_ASCII);
            var mimetype = new ZipEntry("mimetype");
            mimetype.setMethod(ZipEntry.STORED);
            mimetype.setSize(type.length);
            var crc = new CRC32();
            crc.update(type);
            mimetype.setCrc(crc.getValue());
            zip.putNextEntry(mimetype);
            zip.write(type);
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("META-INF/manifest.xml"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("content.xml"));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
    }

    /**
     * An Outlook message (.msg) written as the compound file Outlook writes: properties as streams named
     * __substg1.0_TTTTYYYY (tag, type 001F for UTF-16LE text), and the fixed-size properties stream POI's
     * MAPIMessage expects beside them.
     */
    private static void msg(Path out, List<String> lines) throws IOException {
        String body = String.join("\r\n", lines);
        try (var fs = new POIFSFileSystem(); OutputStream o = Files.newOutputStream(out)) {
            DirectoryEntry root = fs.getRoot();
            root.createDocument("__substg1.0_001A001F", stream("IPM.Note".getBytes(StandardCharsets.UTF_16LE)));
            root.createDocument("__substg1.0_0037001F", stream(SUBJECT.getBytes(StandardCharsets.UTF_16LE)));
            root.createDocument("__substg1.0_0C1A001F", stream("Pathology Office".getBytes(StandardCharsets.UTF_16LE)));
            root.createDocument("__substg1.0_1000001F", stream(body.getBytes(StandardCharsets.UTF_16LE)));
            // The top-level properties stream: a 32-byte header and no fixed-size properties.
            root.createDocument("__properties_version1.0", stream(new byte[32]));
            DirectoryEntry names = root.createDirectory("__nameid_version1.0");
            names.createDocument("__substg1.0_00020102", stream(new byte[0]));
            names.createDocument("__substg1.0_00030102", stream(new byte[0]));
            names.createDocument("__substg1.0_00040102", stream(new byte[0]));
            fs.writeFilesystem(o);
        }
    }

    private static java.io.InputStream stream(byte[] bytes) {
        return new java.io.ByteArrayInputStream(bytes);
    }

    private static String eml(List<String> lines, String[] attachments) throws IOException {
        String body = String.join("\r\n", lines);
        var s = new StringBuilder("From: Pathology Office <office@example.nhs.uk>\r\nTo: ward@example.nhs.uk\r\n")
                .append("Date: Mon, 4 Mar 2024 09:15:00 +0000\r\nSubject: ").append(SUBJECT).append("\r\nMIME-Version: 1.0\r\n");
        if (attachments.length == 0) {
            return s.append("Content-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
                    .append(body).append("\r\n").toString();
        }
        String boundary = "=_pathguard_sample_boundary";
        s.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n--").append(boundary)
                .append("\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n").append(body).append("\r\n");
        for (String attachment : attachments) {
            Path file = Path.of(attachment);
            s.append("--").append(boundary).append("\r\nContent-Type: application/octet-stream; name=\"").append(file.getFileName())
                    .append("\"\r\nContent-Disposition: attachment; filename=\"").append(file.getFileName())
                    .append("\"\r\nContent-Transfer-Encoding: base64\r\n\r\n")
                    .append(Base64.getMimeEncoder().encodeToString(Files.readAllBytes(file))).append("\r\n");
        }
        return s.append("--").append(boundary).append("--\r\n").toString();
    }

    private static void mbox(Path out, String[] messages) throws IOException {
        var s = new StringBuilder();
        for (String message : messages) {
            s.append("From office@example.nhs.uk Mon Mar  4 09:15:00 2024\n");
            for (String line : eml(lines(message), new String[0]).split("\r\n", -1)) {
                s.append(line.startsWith("From ") ? ">" + line : line).append('\n');
            }
        }
        Files.writeString(out, s);
    }

    private static void zip(Path out, String[] members) throws IOException {
        try (var zip = new ZipOutputStream(Files.newOutputStream(out))) {
            for (String member : members) {
                Path file = Path.of(member);
                zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
    }

    private static void sevenZ(Path out, String[] members) throws IOException {
        try (var sevenZ = new SevenZOutputFile(out.toFile())) {
            for (String member : members) {
                Path file = Path.of(member);
                SevenZArchiveEntry entry = sevenZ.createArchiveEntry(file.toFile(), file.getFileName().toString());
                sevenZ.putArchiveEntry(entry);
                sevenZ.write(Files.readAllBytes(file));
                sevenZ.closeArchiveEntry();
            }
        }
    }

    private static void tar(Path out, String[] members) throws IOException {
        try (var tar = new TarArchiveOutputStream(Files.newOutputStream(out))) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (String member : members) {
                Path file = Path.of(member);
                tar.putArchiveEntry(new TarArchiveEntry(file.toFile(), file.getFileName().toString()));
                Files.copy(file, tar);
                tar.closeArchiveEntry();
            }
        }
    }

    private static void gz(Path out, Path in) throws IOException {
        try (var gz = new GZIPOutputStream(Files.newOutputStream(out))) {
            Files.copy(in, gz);
        }
    }

    private static void encrypted(Path out, byte[] document, String password) throws IOException {
        try (var fs = new POIFSFileSystem(); OutputStream o = Files.newOutputStream(out)) {
            var info = new EncryptionInfo(EncryptionMode.agile);
            Encryptor encryptor = info.getEncryptor();
            encryptor.confirmPassword(password);
            try (OutputStream encrypted = encryptor.getDataStream(fs)) {
                encrypted.write(document);
            } catch (java.security.GeneralSecurityException e) {
                throw new IOException(e);
            }
            fs.writeFilesystem(o);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** What a half-copied or damaged PDF looks like to a reader: the header, then bytes that are no PDF at all. */
    private static void corrupt(Path out) throws IOException {
        byte[] noise = new byte[64 * 1024];
        new Random(18).nextBytes(noise);
        try (OutputStream o = Files.newOutputStream(out)) {
            o.write("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nstream\n".getBytes(StandardCharsets.ISO_8859_1));
            o.write(noise);
        }
    }

    /** A small zip that expands to {@code megabytes} of text: deflate packs repeated text about a thousand to one. */
    private static void zipBomb(Path out, int megabytes) throws IOException {
        byte[] block = new byte[1024 * 1024];
        byte[] phrase = "all work and no play ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < block.length; i++) {
            block[i] = phrase[i % phrase.length];
        }
        try (var zip = new ZipOutputStream(Files.newOutputStream(out))) {
            zip.setLevel(Deflater.BEST_COMPRESSION);
            zip.putNextEntry(new ZipEntry("notes.txt"));
            for (int i = 0; i < megabytes; i++) {
                zip.write(block);
            }
            zip.closeEntry();
        }
    }

    private static void nestedZip(Path out, int depth, Path innermost) throws IOException {
        byte[] member = Files.readAllBytes(innermost);
        String name = innermost.getFileName().toString();
        for (int level = depth; level >= 1; level--) {
            var bytes = new ByteArrayOutputStream();
            try (var zip = new ZipOutputStream(bytes)) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(member);
                zip.closeEntry();
            }
            member = bytes.toByteArray();
            name = "level-" + level + ".zip";
        }
        Files.write(out, member);
    }
}
