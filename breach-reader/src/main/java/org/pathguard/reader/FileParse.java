package org.pathguard.reader;

import org.apache.tika.detect.Detector;
import org.apache.tika.exception.EncryptedDocumentException;
import org.apache.tika.exception.ZeroByteFileException;
import org.apache.tika.extractor.EmbeddedDocumentExtractor;
import org.apache.tika.io.TemporaryResources;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaType;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.parser.AutoDetectParser;
import org.apache.tika.parser.ParseContext;
import org.apache.tika.parser.Parser;
import org.apache.tika.parser.microsoft.OfficeParserConfig;
import org.apache.tika.parser.ocr.TesseractOCRConfig;
import org.apache.tika.parser.pdf.PDFParserConfig;
import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.SAXException;
import org.xml.sax.helpers.DefaultHandler;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * One file of a dump through Tika: its own text and every document inside it, nested to {@link #maxDepth}
 * containers, each streamed to {@link Frames} as Tika produces it. Whatever goes wrong inside the file is reported
 * as that document's reason and the file goes on; only the budget ({@link Budget}, a zip bomb) stops the whole file.
 */
final class FileParse {

    /** Images directly in these (an archive's member, an attachment) are listed as not read; a logo in a letter is not. */
    private static final Set<String> CONTAINERS = Set.of(
            "application/zip", "application/x-7z-compressed", "application/x-tar", "application/gzip",
            "application/x-gzip", "application/x-bzip2", "application/x-xz", "application/x-gtar",
            "application/x-compress", "message/rfc822", "application/mbox", "application/vnd.ms-outlook",
            "application/vnd.ms-outlook-pst", "application/x-rar-compressed", "application/vnd.rar");

    private final AutoDetectParser parser;
    private final Detector detector;
    private final MediaTypeRegistry registry;
    private final Map<MediaType, Parser> parsers;
    private final Frames frames;
    private final int maxDepth;
    private Budget budget;
    /** The type this class has just detected, handed to the AutoDetectParser's next detection instead of a second pass. */
    private MediaType detected;

    FileParse(AutoDetectParser parser, Frames frames, int maxDepth) {
        this.parser = parser;
        this.detector = parser.getDetector();
        // AutoDetectParser.parse detects the type again (magic, zip container inspection, a CSV sniff): the type
        // document() was given is that same detection's answer, so it is handed over once instead of computed twice.
        Detector real = this.detector;
        parser.setDetector((stream, metadata) -> {
            MediaType known = detected;
            detected = null;
            return known != null ? known : real.detect(stream, metadata);
        });
        this.registry = parser.getMediaTypeRegistry();
        this.parsers = parser.getParsers(new ParseContext());
        this.frames = frames;
        this.maxDepth = maxDepth;
    }

    /** Reads {@code file} into the frames and returns its media type. */
    String read(Path file, String pathInDump, long bytes) throws IOException {
        budget = new Budget(bytes);
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, file.getFileName().toString());
        try (TemporaryResources temporary = new TemporaryResources();
             TikaInputStream stream = TikaInputStream.get(file, metadata, temporary)) {
            MediaType type = detector.detect(stream, metadata);
            document(stream, metadata, pathInDump, type, 0, null);
            return type.toString();
        }
    }

    private void document(TikaInputStream stream, Metadata metadata, String path, MediaType type, int depth,
                          MediaType container) throws IOException {
        String mediaType = type.toString();
        if (depth > maxDepth) {
            frames.unreadable(path, mediaType, "not read: nested too deep (more than " + maxDepth + " containers)");
            return;
        }
        if ("image".equals(type.getType())) {
            if (container == null || CONTAINERS.contains(container.getBaseType().toString())) {
                frames.unreadable(path, mediaType, "not read: an image, no OCR yet");
            }
            return;
        }
        if (!readable(type)) {
            frames.unreadable(path, mediaType, "not read: no reader for " + type.getBaseType());
            return;
        }
        frames.begin(path, mediaType);
        try {
            detected = type;
            parser.parse(stream, new Text(), metadata, context(path, depth, type));
        } catch (ZeroByteFileException e) {
            // An empty document is listed as read, with no characters.
        } catch (Exception | StackOverflowError | LinkageError e) {
            if (budget.exceeded() != null) {
                overBudget(depth);
                return;
            }
            Diagnostics.failed(e);
            frames.fail(reason(e, type));
            return;
        } finally {
            detected = null;
        }
        if (budget.exceeded() != null) {
            overBudget(depth);
            return;
        }
        frames.end(noText(type));
    }

    /** The file is over its budget: the innermost document says so, its containers close, and the file stops. */
    private void overBudget(int depth) throws Budget.Exceeded {
        String reason = budget.report();
        if (reason != null) {
            frames.fail(reason);
        } else {
            frames.abandon();
        }
        if (depth > 0) {
            throw new Budget.Exceeded();
        }
    }

    private ParseContext context(String path, int depth, MediaType type) {
        ParseContext context = new ParseContext();
        context.set(Parser.class, parser);
        context.set(EmbeddedDocumentExtractor.class, new Inside(path, depth, type));
        TesseractOCRConfig ocr = new TesseractOCRConfig();
        ocr.setSkipOcr(true);
        context.set(TesseractOCRConfig.class, ocr);
        PDFParserConfig pdf = new PDFParserConfig();
        pdf.setOcrStrategy(PDFParserConfig.OCR_STRATEGY.NO_OCR);
        pdf.setExtractInlineImages(false);
        context.set(PDFParserConfig.class, pdf);
        // Word and PowerPoint by SAX instead of POI's xmlbeans object model: the same text (tables as rows and cells,
        // headers and footers, comments, embedded documents) at a fraction of the time and memory.
        OfficeParserConfig office = new OfficeParserConfig();
        office.setUseSAXDocxExtractor(true);
        office.setUseSAXPptxExtractor(true);
        context.set(OfficeParserConfig.class, office);
        return context;
    }

    private boolean readable(MediaType type) {
        for (MediaType t = type.getBaseType(); t != null; t = registry.getSupertype(t)) {
            if (parsers.containsKey(t)) {
                return true;
            }
        }
        return false;
    }

    private static String noText(MediaType type) {
        if ("application/pdf".equals(type.getBaseType().toString())) {
            return "not read: a PDF without text (scanned?), no OCR yet";
        }
        return null;
    }

    private static String reason(Throwable e, MediaType type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof EncryptedDocumentException) {
                return "not read: password-protected";
            }
            if (t.getClass().getSimpleName().equals("SecureSAXException")) {
                return "zip bomb: Tika's limits on text for the size of the document";
            }
            if (t instanceof LinkageError) {
                return "not read: no reader for " + type.getBaseType();
            }
            if (t instanceof StackOverflowError) {
                return "not read: nested too deep for the parser (corrupt?)";
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        // The exception's class only: a parser's message may quote the document.
        return "corrupt or not readable (" + root.getClass().getSimpleName() + ")";
    }

    /** Receives Tika's text of one document and streams it on. */
    /**
     * A table row is one line, its cells apart by tabs, whatever the format: Tika writes ODF's and Word's cells as
     * paragraphs (a line each), which would part a person's name from their date of birth in the same row.
     */
    private final class Text extends DefaultHandler {
        private static final char[] TAB = {'\t'};
        private static final char[] LINE_END = {'\n'};
        private int openCells;
        private boolean rowStarted;

        @Override
        public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
            if (localName.equals("td") || localName.equals("th")) {
                if (openCells == 0 && rowStarted) {
                    emit(TAB, 0, 1);
                }
                rowStarted = true;
                openCells++;
            } else if (localName.equals("tr")) {
                rowStarted = false;
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if ((localName.equals("td") || localName.equals("th")) && openCells > 0) {
                openCells--;
            } else if (localName.equals("tr")) {
                emit(LINE_END, 0, 1);
            }
        }

        @Override
        public void characters(char[] chars, int offset, int length) throws SAXException {
            if (openCells == 0) {
                emit(chars, offset, length);
                return;
            }
            char[] flat = Arrays.copyOfRange(chars, offset, offset + length);
            for (int i = 0; i < flat.length; i++) {
                if (flat[i] == '\n' || flat[i] == '\r' || flat[i] == '\t') {
                    flat[i] = ' ';
                }
            }
            emit(flat, 0, flat.length);
        }

        private void emit(char[] chars, int offset, int length) throws SAXException {
            budget.characters(length);
            frames.text(chars, offset, length);
        }

        @Override
        public void ignorableWhitespace(char[] chars, int offset, int length) throws SAXException {
            characters(chars, offset, length);
        }
    }

    /** The documents inside one document, each read as a document of its own under the container's path. */
    private final class Inside implements EmbeddedDocumentExtractor {
        private final String path;
        private final int depth;
        private final MediaType type;
        private int unnamed;

        Inside(String path, int depth, MediaType type) {
            this.path = path;
            this.depth = depth;
            this.type = type;
        }

        @Override
        public boolean shouldParseEmbedded(Metadata metadata) {
            return true;
        }

        @Override
        public void parseEmbedded(InputStream in, ContentHandler handler, Metadata metadata, boolean outputHtml)
                throws IOException {
            budget.check();
            String name = metadata.get(TikaCoreProperties.RESOURCE_NAME_KEY);
            if (name == null || name.isBlank()) {
                name = metadata.get(TikaCoreProperties.EMBEDDED_RELATIONSHIP_ID);
            }
            if (name == null || name.isBlank()) {
                name = "embedded-" + (++unnamed);
            }
            while (name.startsWith("/") || name.startsWith("./")) {
                name = name.substring(name.charAt(0) == '/' ? 1 : 2);
            }
            String inner = path + "/" + name;
            try (TemporaryResources temporary = new TemporaryResources();
                 TikaInputStream stream = TikaInputStream.get(budget.counting(in), temporary, metadata)) {
                MediaType innerType = detector.detect(stream, metadata);
                document(stream, metadata, inner, innerType, depth + 1, type);
            }
            budget.check();
        }
    }
}
