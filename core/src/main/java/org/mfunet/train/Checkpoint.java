package org.mfunet.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mfunet.AtomicFiles;
import org.mfunet.Checksums;
import org.mfunet.MfunetException;
import org.mfunet.model.TensorEntries;

/**
 * Everything needed to continue a training run exactly: model weights, Adam state, where the schedule
 * stands and the metric history. Random streams are not stored because every one is re-derived from
 * (seed, epoch) at the start of each epoch.
 *
 * <p>File format, version 1 (big-endian): magic {@code MFUNETCK}, int version, long payload length, payload,
 * SHA-256 of everything before it (32 bytes). Payload: int length + UTF-8 JSON of {@link Progress}, then three
 * tensor sections (weights, Adam first moments, Adam second moments), each an int count of {@link TensorEntries}
 * {UTF name, int rank, long dims..., float32 values}. Files are written to a temporary file in the same
 * folder, then moved into place atomically. Arrays go between the engine and the file a chunk at a time, never
 * whole on the Java heap.
 *
 * @param progress   schedule position and history
 * @param weights    model parameters by name (including batch-norm running statistics), in file order
 * @param adamFirst  Adam first moments by parameter name
 * @param adamSecond Adam second moments by parameter name
 */
public record Checkpoint(Progress progress, Map<String, NDArray> weights, Map<String, NDArray> adamFirst,
                         Map<String, NDArray> adamSecond) {
    public static final int VERSION = 1;
    private static final byte[] MAGIC = "MFUNETCK".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = Checksums.SHA256_BYTES;
    private static final int HEADER_BYTES = MAGIC.length + Integer.BYTES + Long.BYTES;
    private static final ObjectMapper JSON = new ObjectMapper();

    public Checkpoint {
        weights = Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        adamFirst = Collections.unmodifiableMap(new LinkedHashMap<>(adamFirst));
        adamSecond = Collections.unmodifiableMap(new LinkedHashMap<>(adamSecond));
    }

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

    /** Writes the checkpoint atomically; the arrays must not change until this returns. */
    public void write(Path file) {
        AtomicFiles.write(file, raw -> {
            byte[] json = JSON.writeValueAsBytes(progress);
            long payload = Integer.BYTES + json.length + TensorEntries.sectionBytes(weights)
                    + TensorEntries.sectionBytes(adamFirst) + TensorEntries.sectionBytes(adamSecond);
            MessageDigest digest = Checksums.sha256();
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(new DigestOutputStream(raw, digest), 1 << 16));
            out.write(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(payload);
            out.writeInt(json.length);
            out.write(json);
            TensorEntries entries = new TensorEntries();
            entries.writeSection(out, weights);
            entries.writeSection(out, adamFirst);
            entries.writeSection(out, adamSecond);
            out.flush();
            raw.write(digest.digest());
        });
    }

    /**
     * Reads a checkpoint, refusing files that are not checkpoints, of another version, truncated or altered (see
     * {@link #verify}); nothing from a damaged file is ever parsed.
     *
     * @param manager where the arrays are created; the caller closes them
     */
    public static Checkpoint read(Path file, NDManager manager) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            long payload = readHeader(file, in);
            verifyChecksum(file, HEADER_BYTES + payload + DIGEST_BYTES);
            byte[] json = in.readNBytes(in.readInt());
            Progress progress = JSON.readValue(json, Progress.class);
            TensorEntries entries = new TensorEntries();
            return new Checkpoint(progress, readSection(file, in, entries, payload, manager),
                    readSection(file, in, entries, payload, manager), readSection(file, in, entries, payload, manager));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Checks that a file is a whole, unaltered checkpoint of this version without reading its arrays, so that a run
     * can refuse a damaged one before it changes anything.
     *
     * @throws MfunetException naming the file and what is wrong with it
     */
    public static void verify(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            verifyChecksum(file, HEADER_BYTES + readHeader(file, in) + DIGEST_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads magic, version and payload length, checking them against the file's size; returns the length. */
    private static long readHeader(Path file, DataInputStream in) throws IOException {
        long size = Files.size(file);
        byte[] magic = in.readNBytes(MAGIC.length);
        if (size < HEADER_BYTES + DIGEST_BYTES || !Arrays.equals(magic, MAGIC)) {
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
        return payload;
    }

    private static void verifyChecksum(Path file, long size) throws IOException {
        MessageDigest digest = Checksums.sha256();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            DigestInputStream in = new DigestInputStream(raw, digest);
            byte[] buffer = new byte[1 << 16];
            long left = size - DIGEST_BYTES;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                left -= n;
            }
            if (!MessageDigest.isEqual(digest.digest(), raw.readNBytes(DIGEST_BYTES))) {
                throw new MfunetException(file + ": checkpoint is corrupted (SHA-256 checksum mismatch)");
            }
        }
    }

    private static Map<String, NDArray> readSection(Path file, DataInputStream in, TensorEntries entries, long payload,
                                                    NDManager manager) throws IOException {
        int count = in.readInt();
        Map<String, NDArray> section = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            TensorEntries.Header header;
            try {
                header = entries.readHeader(in, payload);
            } catch (IllegalArgumentException e) {
                throw new MfunetException(file + ": malformed checkpoint (" + e.getMessage() + ")");
            }
            section.put(header.name(), entries.read(in, header.shape(), manager));
        }
        return section;
    }
}
