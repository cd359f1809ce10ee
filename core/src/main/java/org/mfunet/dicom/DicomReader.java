package org.mfunet.dicom;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads DICOM Part 10 files: the 128-byte preamble and {@code DICM}, the file meta information, then the data set in
 * implicit or explicit VR little endian (or deflated explicit VR). Data sets of compressed syntaxes are parsed too (they
 * are explicit VR little endian); only their pixel data cannot be decoded ({@link TransferSyntax#decodable}). Sequences
 * of defined or undefined length are read into items. Any problem with the bytes ends as a {@link DicomException}
 * naming the file; nothing else escapes.
 */
public final class DicomReader {
    /** Files larger than this are refused before they are read: 1 GiB. */
    static final long MAX_FILE_BYTES = 1L << 30;
    private static final int PREAMBLE = 128;
    private static final byte[] MAGIC = {'D', 'I', 'C', 'M'};
    private static final int MAX_DEPTH = 16;
    private static final long UNDEFINED = 0xffffffffL;
    /** VRs whose explicit-VR length is 4 bytes after 2 reserved ones. */
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");
    /** Sequences this package reads from implicit-VR files, where nothing says an element is one. */
    private static final Set<Integer> KNOWN_SEQUENCES = Set.of(Tag.REFERENCED_SERIES_SEQUENCE,
            Tag.REFERENCED_INSTANCE_SEQUENCE, Tag.SOURCE_IMAGE_SEQUENCE, Tag.DERIVATION_IMAGE_SEQUENCE,
            Tag.ANATOMIC_REGION_SEQUENCE, Tag.SEGMENT_SEQUENCE, Tag.SHARED_FUNCTIONAL_GROUPS_SEQUENCE,
            Tag.PER_FRAME_FUNCTIONAL_GROUPS_SEQUENCE, Tag.PIXEL_MEASURES_SEQUENCE, Tag.PLANE_POSITION_SEQUENCE,
            Tag.PLANE_ORIENTATION_SEQUENCE, Tag.FRAME_CONTENT_SEQUENCE, 0x0040A730);

    private DicomReader() {
    }

    /** True when the file starts with a 128-byte preamble and {@code DICM}: a Part 10 file. */
    public static boolean isPart10(Path file) {
        try (var in = Files.newInputStream(file)) {
            byte[] start = in.readNBytes(PREAMBLE + MAGIC.length);
            return start.length == PREAMBLE + MAGIC.length && hasMagic(start);
        } catch (IOException e) {
            return false;
        }
    }

    /** The whole file, pixel data included. */
    public static DicomFile read(Path file) {
        return read(file, true);
    }

    /** The file without its pixel data, which is skipped: what finding and grouping images needs. */
    public static DicomFile readHeader(Path file) {
        return read(file, false);
    }

    private static DicomFile read(Path file, boolean withPixels) {
        byte[] bytes = load(file);
        if (bytes.length < PREAMBLE + MAGIC.length || !hasMagic(bytes)) {
            throw new DicomException(file, "not a DICOM Part 10 file: no \"DICM\" after a 128-byte preamble");
        }
        Parser metaParser = new Parser(file, ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN), true, withPixels);
        metaParser.pos = PREAMBLE + MAGIC.length;
        DicomObject meta = metaParser.metaGroup();
        String syntax = meta.string(Tag.TRANSFER_SYNTAX_UID);
        if (syntax == null || syntax.isEmpty()) {
            throw new DicomException(file, "the file meta information has no TransferSyntaxUID (0002,0010)");
        }
        if (!TransferSyntax.parsable(syntax)) {
            throw new DicomException(file, TransferSyntax.describe(syntax) + " is not supported; mfunet reads implicit"
                    + " and explicit VR little endian");
        }
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int start = metaParser.pos;
        if (TransferSyntax.DEFLATED_EXPLICIT_LITTLE.equals(syntax)) {
            data = ByteBuffer.wrap(inflate(file, bytes, start)).order(ByteOrder.LITTLE_ENDIAN);
            start = 0;
        }
        Parser parser = new Parser(file, data, !TransferSyntax.IMPLICIT_LITTLE.equals(syntax), withPixels);
        parser.pos = start;
        DicomObject dataset = new DicomObject();
        parser.dataset(dataset, data.limit(), 0);
        return new DicomFile(file, syntax, meta, dataset);
    }

    private static boolean hasMagic(byte[] bytes) {
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[PREAMBLE + i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] load(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new DicomException(file, "is a folder, not a DICOM file");
            }
            long size = Files.size(file);
            if (size > MAX_FILE_BYTES) {
                throw new DicomException(file, String.format("%,d bytes, more than the %,d MiB a DICOM image file may"
                        + " have here", size, MAX_FILE_BYTES >> 20));
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DicomException(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw new DicomException(file, "permission denied", e);
        } catch (IOException e) {
            throw new DicomException(file, "cannot read: " + e, e);
        }
    }

    private static byte[] inflate(Path file, byte[] bytes, int start) {
        Inflater inflater = new Inflater(true);
        inflater.setInput(bytes, start, bytes.length - start);
        try {
            var out = new java.io.ByteArrayOutputStream(4 * (bytes.length - start));
            byte[] chunk = new byte[1 << 16];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new DicomException(file, "truncated deflated data set");
                }
                if (out.size() + n > MAX_FILE_BYTES) {
                    throw new DicomException(file, "the deflated data set inflates to more than "
                            + (MAX_FILE_BYTES >> 20) + " MiB");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new DicomException(file, "corrupt deflated data set (" + e.getMessage() + ")", e);
        } finally {
            inflater.end();
        }
    }

    /** Reads elements from a buffer at {@link #pos}; every read is bounds-checked against the region's end. */
    private static final class Parser {
        private final Path file;
        private final ByteBuffer buf;
        private final boolean explicit;
        private final boolean withPixels;
        private DicomObject top;
        int pos;

        Parser(Path file, ByteBuffer buf, boolean explicit, boolean withPixels) {
            this.file = file;
            this.buf = buf;
            this.explicit = explicit;
            this.withPixels = withPixels;
        }

        DicomObject metaGroup() {
            DicomObject meta = new DicomObject();
            top = meta;
            while (pos + 4 <= buf.limit() && (buf.getShort(pos) & 0xffff) == 0x0002) {
                meta.put(element(buf.limit(), 0).toElement());
            }
            return meta;
        }

        void dataset(DicomObject into, int end, int depth) {
            if (depth == 0) {
                top = into;
            }
            while (pos < end) {
                int tag = peekTag(end);
                if (tag == Tag.ITEM_DELIMITATION || tag == Tag.SEQUENCE_DELIMITATION) {
                    return;
                }
                into.put(element(end, depth).toElement());
            }
        }

        private int peekTag(int end) {
            need(4, end, "a tag");
            return (buf.getShort(pos) & 0xffff) << 16 | buf.getShort(pos + 2) & 0xffff;
        }

        private record Element(int tag, String vr, byte[] value, List<DicomObject> items) {
            DicomObject.Element toElement() {
                return new DicomObject.Element(tag, vr, value, items);
            }
        }

        private Element element(int end, int depth) {
            int tag = peekTag(end);
            pos += 4;
            boolean group2 = tag >>> 16 == 0x0002;
            String vr;
            long length;
            if (explicit || group2) {
                need(2, end, "the VR of " + Tag.format(tag));
                vr = new String(new byte[] {buf.get(pos), buf.get(pos + 1)}, StandardCharsets.US_ASCII);
                pos += 2;
                if (!vr.matches("[A-Z]{2}")) {
                    throw failure("element " + Tag.format(tag) + " has no valid VR (bytes \"" + vr.replaceAll("[^ -~]", "?")
                            + "\"); the file is corrupt or not in the transfer syntax it declares");
                }
                if (LONG_VRS.contains(vr)) {
                    need(6, end, "the length of " + Tag.format(tag));
                    length = buf.getInt(pos + 2) & 0xffffffffL;
                    pos += 6;
                } else {
                    need(2, end, "the length of " + Tag.format(tag));
                    length = buf.getShort(pos) & 0xffff;
                    pos += 2;
                }
            } else {
                need(4, end, "the length of " + Tag.format(tag));
                length = buf.getInt(pos) & 0xffffffffL;
                pos += 4;
                vr = KNOWN_SEQUENCES.contains(tag) ? "SQ" : "UN";
            }
            if (length == UNDEFINED) {
                if (tag == Tag.PIXEL_DATA) {
                    skipFragments(end, tag);
                    return new Element(tag, vr, withPixels ? new byte[0] : null, null);
                }
                return new Element(tag, "SQ", new byte[0], items(end, end, depth + 1, tag, true));
            }
            need(length, end, "the value of " + Tag.format(tag) + " (" + length + " bytes)");
            int valueEnd = pos + (int) length;
            if (tag == Tag.PIXEL_DATA && depth == 0 && !withPixels) {
                pos = valueEnd;
                return new Element(tag, vr, null, null);
            }
            if ("SQ".equals(vr) || !explicit && length >= 8 && peekTag(valueEnd) == Tag.ITEM) {
                return new Element(tag, "SQ", new byte[0], items(valueEnd, valueEnd, depth + 1, tag, false));
            }
            byte[] value = new byte[(int) length];
            buf.get(pos, value);
            pos = valueEnd;
            return new Element(tag, vr, value, null);
        }

        private List<DicomObject> items(int regionEnd, int end, int depth, int sequenceTag, boolean undefined) {
            if (depth > MAX_DEPTH) {
                throw failure("sequences nested deeper than " + MAX_DEPTH + " levels at " + Tag.format(sequenceTag));
            }
            List<DicomObject> items = new ArrayList<>();
            while (pos < regionEnd) {
                int tag = peekTag(end);
                need(8, end, "an item of " + Tag.format(sequenceTag));
                long length = buf.getInt(pos + 4) & 0xffffffffL;
                pos += 8;
                if (tag == Tag.SEQUENCE_DELIMITATION) {
                    if (!undefined) {
                        throw failure("sequence delimiter inside sequence " + Tag.format(sequenceTag) + " of defined length");
                    }
                    return items;
                }
                if (tag != Tag.ITEM) {
                    throw failure("sequence " + Tag.format(sequenceTag) + " holds " + Tag.format(tag) + " where an item"
                            + " should be");
                }
                DicomObject item = new DicomObject();
                if (length == UNDEFINED) {
                    dataset(item, end, depth);
                    need(8, end, "the end of an item of " + Tag.format(sequenceTag));
                    if (peekTag(end) != Tag.ITEM_DELIMITATION) {
                        throw failure("an item of " + Tag.format(sequenceTag) + " does not end with an item delimiter");
                    }
                    pos += 8;
                } else {
                    need(length, end, "an item of " + Tag.format(sequenceTag) + " (" + length + " bytes)");
                    int itemEnd = pos + (int) length;
                    dataset(item, itemEnd, depth);
                    pos = itemEnd;
                }
                items.add(item);
            }
            if (undefined) {
                throw truncated("sequence " + Tag.format(sequenceTag));
            }
            return items;
        }

        private void skipFragments(int end, int tag) {
            while (true) {
                int t = peekTag(end);
                need(8, end, "a fragment of " + Tag.format(tag));
                long length = buf.getInt(pos + 4) & 0xffffffffL;
                pos += 8;
                if (t == Tag.SEQUENCE_DELIMITATION) {
                    return;
                }
                if (t != Tag.ITEM || length == UNDEFINED) {
                    throw failure("encapsulated pixel data " + Tag.format(tag) + " holds " + Tag.format(t)
                            + " where a fragment should be");
                }
                need(length, end, "a fragment of " + Tag.format(tag));
                pos += (int) length;
            }
        }

        private void need(long count, int end, String what) {
            if (pos + count > end) {
                throw truncated(what);
            }
        }

        private DicomException truncated(String what) {
            return new DicomException(file, "truncated: the file ends inside " + what + " at byte " + pos, top, null);
        }

        private DicomException failure(String problem) {
            return new DicomException(file, problem + " (at byte " + pos + ")", top, null);
        }
    }
}
