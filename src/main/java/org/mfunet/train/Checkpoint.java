package org.mfunet.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfunet.MfunetException;

/**
 * Everything needed to continue a training run exactly: model weights, Adam state, where the schedule
 * stands and the metric history. Random streams are not stored because every one is re-derived from
 * (seed, epoch) at the start of each epoch.
 *
 * <p>File format, version 1 (big-endian): magic {@code MFUNETCK}, int version, long payload length, payload,
 * SHA-256 of everything before it (32 bytes). Payload: int length + UTF-8 JSON of {@link Progress}, then three
 * tensor sections (weights, Adam first moments, Adam second moments), each an int count of entries
 * {UTF name, int rank, long dims..., float32 values}. Files are written to a temporary file in the same
 * folder, then moved into place atomically.
 *
 * @param progress   schedule position and history
 * @param weights    model parameters by name (including batch-norm running statistics)
 * @param adamFirst  Adam first moments by parameter name
 * @param adamSecond Adam second moments by parameter name
 */
public record Checkpoint(Progress progress, Map<String, NamedTensor> weights, Map<String, NamedTensor> adamFirst,
                         Map<String, NamedTensor> adamSecond) {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "MFUNETCK".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 32;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Where the run stands after the last completed epoch.
     *
     * @param seed           the run's seed
     * @param nextPhase      phase of the next epoch to run
     * @param nextPhaseEpoch 0-based epoch within that phase
     * @param adamSteps      Adam's step count
     * @param history        metrics of every completed epoch
     */
    public record Progress(long seed, int nextPhase, int nextPhaseEpoch, long adamSteps, List<EpochMetrics> history) {
        public Progress {
            history = List.copyOf(history);
        }
    }

    /** Writes the checkpoint atomically. */
    public void write(Path file) {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            byte[] json = JSON.writeValueAsBytes(progress);
            long payload = Integer.BYTES + json.length + sectionBytes(weights) + sectionBytes(adamFirst)
                    + sectionBytes(adamSecond);
            MessageDigest digest = sha256();
            try (OutputStream raw = Files.newOutputStream(temp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(raw, digest), 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(VERSION);
                out.writeLong(payload);
                out.writeInt(json.length);
                out.write(json);
                writeSection(out, weights);
                writeSection(out, adamFirst);
                writeSection(out, adamSecond);
                out.flush();
                raw.write(digest.digest());
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the temporary file is only ever left behind by a failed write, which is already being reported
            }
        }
    }

    /** Reads a checkpoint, refusing files that are not checkpoints, of another version, truncated or altered. */
    public static Checkpoint read(Path file) {
        try {
            long size = Files.size(file);
            MessageDigest digest = sha256();
            try (InputStream raw = Files.newInputStream(file);
                 DataInputStream in = new DataInputStream(new DigestInputStream(new BufferedInputStream(raw, 1 << 16), digest))) {
                byte[] magic = new byte[MAGIC.length];
                if (size < HEADER_BYTES + DIGEST_BYTES || in.read(magic) != MAGIC.length || !Arrays.equals(magic, MAGIC)) {
                    throw new MfunetException(file + ": not an mfunet checkpoint");
                }
                int version = in.readInt();
                if (version != VERSION) {
                    throw new MfunetException(file + ": checkpoint version " + version + " is not supported (this build reads "
                            + VERSION + ")");
                }
                long payload = in.readLong();
                if (payload < 0 || size != HEADER_BYTES + payload + DIGEST_BYTES) {
                    throw new MfunetException(file + ": checkpoint is truncated or padded (" + size + " bytes, expected "
                            + (HEADER_BYTES + payload + DIGEST_BYTES) + ")");
                }
                byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE, payload));
                byte[] expected = digest.digest();
                byte[] stored = in.readNBytes(DIGEST_BYTES);
                if (body.length != payload || !MessageDigest.isEqual(expected, stored)) {
                    throw new MfunetException(file + ": checkpoint is corrupted (SHA-256 checksum mismatch)");
                }
                return parse(body);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Checkpoint parse(byte[] body) throws IOException {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(body))) {
            byte[] json = in.readNBytes(in.readInt());
            Progress progress = JSON.readValue(json, Progress.class);
            return new Checkpoint(progress, readSection(in), readSection(in), readSection(in));
        }
    }

    private static long sectionBytes(Map<String, NamedTensor> section) {
        long n = Integer.BYTES;
        for (Map.Entry<String, NamedTensor> e : section.entrySet()) {
            n += 2 + e.getKey().getBytes(StandardCharsets.UTF_8).length + Integer.BYTES
                    + (long) Long.BYTES * e.getValue().shape().length + (long) Float.BYTES * e.getValue().data().length;
        }
        return n;
    }

    private static void writeSection(DataOutputStream out, Map<String, NamedTensor> section) throws IOException {
        out.writeInt(section.size());
        for (Map.Entry<String, NamedTensor> e : section.entrySet()) {
            out.writeUTF(e.getKey());
            long[] shape = e.getValue().shape();
            out.writeInt(shape.length);
            for (long d : shape) {
                out.writeLong(d);
            }
            float[] data = e.getValue().data();
            ByteBuffer buffer = ByteBuffer.allocate(data.length * Float.BYTES).order(ByteOrder.BIG_ENDIAN);
            buffer.asFloatBuffer().put(data);
            out.write(buffer.array());
        }
    }

    private static Map<String, NamedTensor> readSection(DataInputStream in) throws IOException {
        int count = in.readInt();
        Map<String, NamedTensor> section = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            long[] shape = new long[in.readInt()];
            long n = 1;
            for (int d = 0; d < shape.length; d++) {
                shape[d] = in.readLong();
                n *= shape[d];
            }
            float[] data = new float[Math.toIntExact(n)];
            ByteBuffer.wrap(in.readNBytes(data.length * Float.BYTES)).order(ByteOrder.BIG_ENDIAN).asFloatBuffer().get(data);
            section.put(name, new NamedTensor(shape, data));
        }
        return section;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }
}
