package org.mfunet.dicom;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * A DICOM data set: its elements by tag, in tag order. Values read from a file keep their bytes and are interpreted
 * by the accessor asked ({@link #string}, {@link #decimals}, {@link #uint16}), so implicit-VR files need no
 * dictionary; values put for writing carry their VR. Sequences hold their items as data sets.
 */
public final class DicomObject {
    /**
     * One data element.
     *
     * @param vr    the two-letter value representation, {@code "UN"} when read from an implicit-VR file
     * @param value the value bytes (little endian), empty for a sequence
     * @param items the items of a sequence, else null
     */
    public record Element(int tag, String vr, byte[] value, List<DicomObject> items) {
    }

    private final Map<Integer, Element> elements = new TreeMap<>(Integer::compareUnsigned);
    private Charset charset = StandardCharsets.ISO_8859_1;

    /** True when the data set holds the element. */
    public boolean contains(int tag) {
        return elements.containsKey(tag);
    }

    /** The element, or null. */
    public Element element(int tag) {
        return elements.get(tag);
    }

    /** The elements in tag order. */
    public Iterable<Element> elements() {
        return Collections.unmodifiableCollection(elements.values());
    }

    /** A text value without its padding (spaces, NULs); null when absent, {@code ""} when empty. */
    public String string(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null) {
            return null;
        }
        return new String(e.value(), charset).replaceAll("^[\\s\\x00]+|[\\s\\x00]+$", "");
    }

    /** A text value or {@code fallback} when it is absent or empty. */
    public String string(int tag, String fallback) {
        String s = string(tag);
        return s == null || s.isEmpty() ? fallback : s;
    }

    /** A multi-valued text value split at backslashes, each trimmed; empty when absent. */
    public List<String> strings(int tag) {
        String s = string(tag);
        if (s == null || s.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(s.split("\\\\", -1)).map(String::strip).toList();
    }

    /**
     * A decimal string (DS) or integer string (IS) value as numbers; null when absent or empty.
     *
     * @throws NumberFormatException when a value is not a number
     */
    public double[] decimals(int tag) {
        List<String> values = strings(tag);
        if (values.isEmpty()) {
            return null;
        }
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = Double.parseDouble(values.get(i));
        }
        return out;
    }

    /** The first value of a DS or IS element, or {@code fallback} when absent, empty or not a number. */
    public double decimal(int tag, double fallback) {
        try {
            double[] v = decimals(tag);
            return v == null || !Double.isFinite(v[0]) ? fallback : v[0];
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    /** The first value of an unsigned short (US) element, or -1 when absent or shorter than 2 bytes. */
    public int uint16(int tag) {
        Element e = elements.get(tag);
        if (e == null || e.value() == null || e.value().length < 2) {
            return -1;
        }
        return ByteBuffer.wrap(e.value()).order(ByteOrder.LITTLE_ENDIAN).getShort(0) & 0xffff;
    }

    /** The value bytes, or null when absent. */
    public byte[] bytes(int tag) {
        Element e = elements.get(tag);
        return e == null ? null : e.value();
    }

    /** The items of a sequence; empty when absent or not a sequence. */
    public List<DicomObject> sequence(int tag) {
        Element e = elements.get(tag);
        return e == null || e.items() == null ? List.of() : e.items();
    }

    void put(Element element) {
        elements.put(element.tag(), element);
        if (element.tag() == Tag.SPECIFIC_CHARACTER_SET && element.value() != null
                && new String(element.value(), StandardCharsets.US_ASCII).contains("ISO_IR 192")) {
            charset = StandardCharsets.UTF_8;
        }
    }

    void remove(int tag) {
        elements.remove(tag);
    }

    /**
     * Puts a text element; several values are joined with backslashes. Values of a UI element are padded with NUL,
     * the others with a space, to an even length when written.
     */
    public DicomObject putString(int tag, String vr, String... values) {
        put(new Element(tag, vr, String.join("\\", values).getBytes(charset), null));
        return this;
    }

    /** Puts a decimal string (DS) element, each value written as briefly as it stays exact to 16 characters. */
    public DicomObject putDecimals(int tag, double... values) {
        String[] text = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            text[i] = decimalString(values[i]);
        }
        return putString(tag, "DS", text);
    }

    /** Puts an integer string (IS) element. */
    public DicomObject putIntegers(int tag, int... values) {
        return putString(tag, "IS", Arrays.stream(values).mapToObj(Integer::toString).toArray(String[]::new));
    }

    /** Puts an unsigned short (US) element. */
    public DicomObject putUShort(int tag, int... values) {
        return putBinary(tag, "US", Short.BYTES, Arrays.stream(values).asLongStream().toArray());
    }

    /** Puts an unsigned long (UL) element. */
    public DicomObject putULong(int tag, long... values) {
        return putBinary(tag, "UL", Integer.BYTES, values);
    }

    private DicomObject putBinary(int tag, String vr, int bytes, long[] values) {
        ByteBuffer b = ByteBuffer.allocate(bytes * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            if (bytes == Short.BYTES) {
                b.putShort((short) v);
            } else {
                b.putInt((int) v);
            }
        }
        put(new Element(tag, vr, b.array(), null));
        return this;
    }

    /** Puts an attribute tag (AT) element: each tag as group then element. */
    public DicomObject putTags(int tag, int... tags) {
        ByteBuffer b = ByteBuffer.allocate(4 * tags.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int t : tags) {
            b.putShort((short) (t >>> 16)).putShort((short) t);
        }
        put(new Element(tag, "AT", b.array(), null));
        return this;
    }

    /** Puts a binary element (OB, OW) as given. */
    public DicomObject putBytes(int tag, String vr, byte[] value) {
        put(new Element(tag, vr, value, null));
        return this;
    }

    /** Puts a sequence of items. */
    public DicomObject putSequence(int tag, List<DicomObject> items) {
        put(new Element(tag, "SQ", new byte[0], List.copyOf(items)));
        return this;
    }

    /** Puts a sequence of one item. */
    public DicomObject putItem(int tag, DicomObject item) {
        return putSequence(tag, List.of(item));
    }

    /** Copies an element from another data set when it has it; does nothing otherwise. */
    public DicomObject copy(DicomObject from, int tag) {
        Element e = from.element(tag);
        if (e != null) {
            put(e);
        }
        return this;
    }

    /** A text element copied from {@code from}, or written empty when {@code from} lacks it (a type 2 element). */
    public DicomObject copyOrEmpty(DicomObject from, int tag, String vr) {
        return from.contains(tag) ? copy(from, tag) : putString(tag, vr);
    }

    /** A new list of the items given, for {@link #putSequence}. */
    public static List<DicomObject> items(DicomObject... items) {
        return new ArrayList<>(List.of(items));
    }

    static String decimalString(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        for (int digits = 6; digits <= 16; digits++) {
            String s = String.format(Locale.ROOT, "%." + digits + "g", v);
            if (s.contains("e")) {
                s = s.replaceAll("0+e", "e").replace(".e", "e");
            } else if (s.contains(".")) {
                s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
            }
            if (s.length() <= 16 && Double.parseDouble(s) == v) {
                return s;
            }
        }
        String s = String.format(Locale.ROOT, "%.9g", v);
        return s.length() <= 16 ? s : String.format(Locale.ROOT, "%.8e", v);
    }
}
