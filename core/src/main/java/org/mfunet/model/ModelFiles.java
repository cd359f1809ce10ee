package org.mfunet.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.Pair;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.mfunet.AtomicFiles;
import org.mfunet.Checksums;
import org.mfunet.MfunetException;

/**
 * A trained network on disk: a folder with {@value #CONFIG_FILE} (the {@link MfuNetConfig} as JSON) and
 * {@value #PARAMETERS_FILE}, every parameter including the BatchNorm running statistics.
 *
 * <p>Parameter file, version {@value #FORMAT_VERSION}, big-endian: the 6 ASCII bytes {@code MFUNET},
 * int format version, long payload length, the payload, then the 32-byte SHA-256 of the payload. Payload:
 * int parameter count, then per parameter its name (Java modified UTF-8, as {@link DataOutputStream#writeUTF}),
 * int rank, long per axis, and its float32 values in row-major order. Files are written to a temporary
 * file in the same folder and moved into place, so a reader never sees half a file. A reader checks magic,
 * version, length, checksum, names and shapes: {@link #load} streams the file into the new network it builds
 * (so that only one parameter at a time is on the Java heap) and returns it only after the checksum matched;
 * the encoder copy of {@link EncoderFiles} checks everything before it touches the network it is given.
 */
public final class ModelFiles {
    public static final String CONFIG_FILE = "config.json";
    public static final String PARAMETERS_FILE = "parameters.mfunet";
    public static final int FORMAT_VERSION = 1;
    private static final byte[] MAGIC = "MFUNET".getBytes(StandardCharsets.US_ASCII);
    private static final int HEADER = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final int DIGEST = Checksums.SHA256_BYTES;

    private ModelFiles() {
    }

    /**
     * Writes {@code config} and the parameters of {@code net} into {@code dir} (created if missing),
     * replacing earlier files there.
     *
     * @param config must be the configuration {@code net} was built from
     */
    public static void save(Path dir, MfuNet net, MfuNetConfig config) {
        if (!config.equals(net.config())) {
            throw new IllegalArgumentException("config " + config + " is not the network's own " + net.config());
        }
        writeParameters(dir.resolve(PARAMETERS_FILE), net.getParameters().stream().toList());
        AtomicFiles.writeString(dir.resolve(CONFIG_FILE), config.toJson());
    }

    /**
     * Writes named parameters as one parameter file in the format above (folders created if missing), streaming
     * each parameter from the engine's memory to the file.
     */
    static void writeParameters(Path file, List<Pair<String, Parameter>> params) {
        Map<String, NDArray> arrays = new LinkedHashMap<>();
        params.forEach(p -> arrays.put(p.getKey(), p.getValue().getArray()));
        long payloadLength = TensorEntries.sectionBytes(arrays);
        AtomicFiles.write(file, raw -> {
            DataOutputStream header = new DataOutputStream(raw);
            header.write(MAGIC);
            header.writeInt(FORMAT_VERSION);
            header.writeLong(payloadLength);
            MessageDigest digest = Checksums.sha256();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(raw, digest), 1 << 16));
            new TensorEntries().writeSection(out, arrays);
            out.flush();
            if (out.size() != payloadLength) {
                throw new IllegalStateException("wrote " + out.size() + " payload bytes, announced " + payloadLength);
            }
            raw.write(digest.digest());
        });
    }

    /**
     * Reads a network saved by {@link #save}; its parameters live in {@code manager}.
     *
     * @throws MfunetException naming the file when it is missing, truncated, altered, of another format
     *                         version, or does not match the configuration
     */
    public static MfuNet load(Path dir, NDManager manager) {
        Path configFile = dir.resolve(CONFIG_FILE);
        Path paramFile = dir.resolve(PARAMETERS_FILE);
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(paramFile)) {
            throw new MfunetException(dir + ": not a saved MFU-Net (needs " + CONFIG_FILE + " and " + PARAMETERS_FILE + ")");
        }
        MfuNetConfig config = MfuNetConfig.fromJson(configFile);
        MfuNet net = new MfuNet(config);
        net.initialize(manager, Initializer.ZEROS);
        List<Pair<String, Parameter>> params = net.getParameters().stream().toList();
        String needs = "the configuration needs";
        // Straight into the network, a chunk at a time: reading the whole file first held three copies of it on the
        // Java heap (760 MB for the paper network), which stayed in the resident size of a predict process.
        scan(paramFile, count -> requireCount(paramFile, count, params.size(), needs), (i, header, in, entries) -> {
            requireMatch(paramFile, i, header.name(), header.shape(), params.get(i), needs);
            entries.readInto(in, params.get(i).getValue().getArray());
        });
        return net;
    }

    /**
     * Checks magic, version and announced payload length of a parameter file of {@code size} bytes.
     *
     * @return the payload length
     */
    private static long checkHeader(Path file, byte[] header, long size) {
        if (header.length < HEADER || !Arrays.equals(Arrays.copyOf(header, MAGIC.length), MAGIC)) {
            throw new MfunetException(file + ": not an MFU-Net parameter file (no MFUNET header)");
        }
        ByteBuffer buf = ByteBuffer.wrap(header);
        buf.position(MAGIC.length);
        int version = buf.getInt();
        if (version != FORMAT_VERSION) {
            throw new MfunetException(file + ": format version " + version + ", this program reads version " + FORMAT_VERSION);
        }
        long length = buf.getLong();
        if (length < 0 || length != size - HEADER - DIGEST) {
            throw new MfunetException(file + ": truncated or padded (" + size + " bytes, header announces "
                    + (HEADER + length + DIGEST) + ")");
        }
        return length;
    }

    /**
     * Copies stored values into parameters after checking that both lists hold the same names and shapes in
     * the same order; nothing is copied when they do not.
     *
     * @param file  named in error messages
     * @param needs what the parameters come from and a verb, e.g. "the configuration needs"
     */
    static void copy(Path file, List<Stored> stored, List<Pair<String, Parameter>> params, String needs) {
        requireCount(file, stored.size(), params.size(), needs);
        for (int i = 0; i < params.size(); i++) {
            requireMatch(file, i, stored.get(i).name(), stored.get(i).shape(), params.get(i), needs);
        }
        for (int i = 0; i < params.size(); i++) {
            InPlace.copy(params.get(i).getValue().getArray(), stored.get(i).values());
        }
    }

    private static void requireCount(Path file, int stored, int needed, String needs) {
        if (stored != needed) {
            throw new MfunetException(file + ": holds " + stored + " parameters, " + needs + " " + needed);
        }
    }

    private static void requireMatch(Path file, int i, String name, Shape stored, Pair<String, Parameter> param,
                                     String needs) {
        Shape shape = param.getValue().getArray().getShape();
        if (!name.equals(param.getKey()) || !stored.equals(shape)) {
            throw new MfunetException(file + ": parameter " + i + " is " + name + " " + stored
                    + ", " + needs + " " + param.getKey() + " " + shape);
        }
    }

    /** One parameter as read from a file. */
    record Stored(String name, Shape shape, float[] values) {
    }

    /**
     * Reads a parameter file written by {@link #writeParameters}; the list is returned only after the checksum
     * matched.
     *
     * @throws MfunetException naming the file when it is truncated, altered or of another format version
     */
    static List<Stored> read(Path file) {
        List<Stored> out = new ArrayList<>();
        scan(file, count -> { }, (i, header, in, entries) -> out.add(new Stored(header.name(), header.shape(),
                entries.readFloats(in, Math.toIntExact(header.shape().size())))));
        return out;
    }

    /** Receives parameter {@code index} of a file; reads its values from {@code in} with {@code entries}. */
    @FunctionalInterface
    private interface ParameterReader {
        void read(int index, TensorEntries.Header header, DataInputStream in, TensorEntries entries) throws IOException;
    }

    /**
     * Reads a parameter file front to back: magic, version and length first, then {@code count} gets the number
     * of parameters and {@code each} every parameter in turn (so that at most one is in transit), and the checksum
     * last. When the checksum does not match, the reader has seen damaged values, and the exception says so.
     */
    private static void scan(Path file, IntConsumer count, ParameterReader each) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            long length = checkHeader(file, raw.readNBytes(HEADER), Files.size(file));
            MessageDigest digest = Checksums.sha256();
            DataInputStream in = new DataInputStream(new DigestInputStream(raw, digest));
            int n = in.readInt();
            count.accept(n);
            TensorEntries entries = new TensorEntries();
            for (int i = 0; i < n; i++) {
                TensorEntries.Header header;
                try {
                    header = entries.readHeader(in, length);
                } catch (IllegalArgumentException e) {
                    throw new MfunetException(file + ": malformed parameter list (parameter " + i + ": "
                            + e.getMessage() + ")");
                }
                each.read(i, header, in, entries);
            }
            byte[] rest = raw.readAllBytes();
            if (rest.length > DIGEST) {
                throw new MfunetException(file + ": " + (rest.length - DIGEST) + " unexpected bytes after the last parameter");
            }
            if (!Arrays.equals(digest.digest(), rest)) {
                throw new MfunetException(file + ": SHA-256 checksum mismatch, the file is damaged");
            }
        } catch (EOFException | UTFDataFormatException | ArithmeticException e) {
            throw new MfunetException(file + ": malformed parameter list (" + e.getClass().getSimpleName() + ")");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
