package org.mfunet.dicom;

import java.util.Map;

/**
 * The transfer syntaxes of a file: which this package reads, and the names of the common others, so that a refusal
 * says what the file is in.
 */
public final class TransferSyntax {
    public static final String IMPLICIT_LITTLE = "1.2.840.10008.1.2";
    public static final String EXPLICIT_LITTLE = "1.2.840.10008.1.2.1";
    public static final String DEFLATED_EXPLICIT_LITTLE = "1.2.840.10008.1.2.1.99";
    public static final String EXPLICIT_BIG = "1.2.840.10008.1.2.2";

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry(IMPLICIT_LITTLE, "Implicit VR Little Endian"),
            Map.entry(EXPLICIT_LITTLE, "Explicit VR Little Endian"),
            Map.entry(DEFLATED_EXPLICIT_LITTLE, "Deflated Explicit VR Little Endian"),
            Map.entry(EXPLICIT_BIG, "Explicit VR Big Endian (retired)"),
            Map.entry("1.2.840.10008.1.2.4.50", "JPEG Baseline"),
            Map.entry("1.2.840.10008.1.2.4.51", "JPEG Extended"),
            Map.entry("1.2.840.10008.1.2.4.57", "JPEG Lossless"),
            Map.entry("1.2.840.10008.1.2.4.70", "JPEG Lossless SV1"),
            Map.entry("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless"),
            Map.entry("1.2.840.10008.1.2.4.81", "JPEG-LS Near-Lossless"),
            Map.entry("1.2.840.10008.1.2.4.90", "JPEG 2000 Lossless"),
            Map.entry("1.2.840.10008.1.2.4.91", "JPEG 2000"),
            Map.entry("1.2.840.10008.1.2.4.201", "HTJ2K Lossless"),
            Map.entry("1.2.840.10008.1.2.4.203", "HTJ2K"),
            Map.entry("1.2.840.10008.1.2.5", "RLE Lossless"));

    private TransferSyntax() {
    }

    /** {@code "JPEG Baseline (1.2.840.10008.1.2.4.50)"}, or the bare UID when it is not a known one. */
    public static String describe(String uid) {
        String name = NAMES.get(uid);
        return name == null ? "transfer syntax " + uid : name + " (" + uid + ")";
    }

    /** True for the syntaxes whose pixel data this package decodes: native (uncompressed) little endian. */
    public static boolean decodable(String uid) {
        return IMPLICIT_LITTLE.equals(uid) || EXPLICIT_LITTLE.equals(uid) || DEFLATED_EXPLICIT_LITTLE.equals(uid);
    }

    /**
     * True for the syntaxes whose data set this package parses: the native little endian ones and the compressed
     * (encapsulated) ones, whose data set is explicit VR little endian and only the pixel data cannot be decoded.
     */
    static boolean parsable(String uid) {
        return decodable(uid) || uid.startsWith("1.2.840.10008.1.2.4.") || uid.equals("1.2.840.10008.1.2.5");
    }
}
