package org.mfunet.dicom;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Set;
import org.mfunet.AtomicFiles;

/**
 * Writes a data set as a DICOM Part 10 file in explicit VR little endian: zero preamble, {@code DICM}, the file meta
 * information (with its group length), then the elements in tag order, values padded to even lengths and sequences
 * of defined length. The file appears atomically ({@link AtomicFiles}).
 */
public final class DicomWriter {
    /** The implementation class UID of files mfunet writes (a UUID-derived UID under 2.25). */
    public static final String IMPLEMENTATION_CLASS_UID = "2.25.305023867117963563224960468520449305381";
    public static final String IMPLEMENTATION_VERSION = "MFUNET_0_1";
    private static final Set<String> LONG_VRS = Set.of("OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR",
            "UT", "UV");

    private DicomWriter() {
    }

    /**
     * Writes {@code dataset} to {@code target}; its SOPClassUID and SOPInstanceUID go into the file meta information.
     *
     * @throws DicomException naming the target when it cannot be written
     */
    public static void write(Path target, DicomObject dataset) {
        DicomObject meta = new DicomObject()
                .putBytes(Tag.FILE_META_VERSION, "OB", new byte[] {0, 1})
                .putString(Tag.MEDIA_STORAGE_SOP_CLASS_UID, "UI", dataset.string(Tag.SOP_CLASS_UID))
                .putString(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, "UI", dataset.string(Tag.SOP_INSTANCE_UID))
                .putString(Tag.TRANSFER_SYNTAX_UID, "UI", TransferSyntax.EXPLICIT_LITTLE)
                .putString(Tag.IMPLEMENTATION_CLASS_UID, "UI", IMPLEMENTATION_CLASS_UID)
                .putString(Tag.IMPLEMENTATION_VERSION_NAME, "SH", IMPLEMENTATION_VERSION);
        byte[] metaBytes = encode(meta);
        try {
            AtomicFiles.write(target, out -> {
                out.write(new byte[128]);
                out.write(new byte[] {'D', 'I', 'C', 'M'});
                out.write(encode(new DicomObject().putULong(Tag.FILE_META_GROUP_LENGTH, metaBytes.length)));
                out.write(metaBytes);
                writeDataset(out, dataset);
            });
        } catch (UncheckedIOException e) {
            throw new DicomException(target, "cannot write: " + e.getCause().getMessage(), e);
        }
    }

    private static byte[] encode(DicomObject dataset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            writeDataset(out, dataset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeDataset(OutputStream out, DicomObject dataset) throws IOException {
        for (DicomObject.Element e : dataset.elements()) {
            byte[] value = e.items() != null ? items(e) : padded(e);
            ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
            head.putShort((short) (e.tag() >>> 16)).putShort((short) e.tag());
            head.put((byte) e.vr().charAt(0)).put((byte) e.vr().charAt(1));
            if (LONG_VRS.contains(e.vr())) {
                head.putShort((short) 0).putInt(value.length);
            } else {
                if (value.length > 0xffff) {
                    throw new IllegalArgumentException("value of " + Tag.format(e.tag()) + " too long for VR " + e.vr());
                }
                head.putShort((short) value.length);
            }
            out.write(head.array(), 0, head.position());
            out.write(value);
        }
    }

    private static byte[] items(DicomObject.Element e) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (DicomObject item : e.items()) {
            byte[] body = encode(item);
            ByteBuffer head = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            head.putShort((short) 0xfffe).putShort((short) 0xe000).putInt(body.length);
            out.writeBytes(head.array());
            out.writeBytes(body);
        }
        return out.toByteArray();
    }

    private static byte[] padded(DicomObject.Element e) {
        byte[] value = e.value();
        if (value.length % 2 == 0) {
            return value;
        }
        byte[] out = java.util.Arrays.copyOf(value, value.length + 1);
        boolean text = !"OB".equals(e.vr()) && !"UI".equals(e.vr()) && !"UN".equals(e.vr());
        out[value.length] = text ? (byte) ' ' : 0;
        return out;
    }
}
