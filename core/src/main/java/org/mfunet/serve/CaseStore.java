package org.mfunet.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.mfunet.AtomicFiles;
import org.mfunet.JsonFiles;
import org.mfunet.MfunetException;
import org.mfunet.data.MyopsCase;
import org.mfunet.data.SegmentationFiles;
import org.mfunet.data.Sequence;

/**
 * The layout of the service's data folder, and the only code that touches it:
 * <pre>
 * DATA/cases/ID/case.json                  the case's record ({@link CaseRecord})
 * DATA/cases/ID/input/case_ID_C0.nii[.gz]  the uploaded sequences (DE, T2, C0) and labels (gd), in the MyoPS layout
 * DATA/cases/ID/case_ID_seg.nii.gz         the segmentation, as {@code predict} names it
 * DATA/cases/ID/deleted                    marks a case deleted while it was being segmented
 * DATA/uploads/...                         uploads being received and cases being deleted; emptied at start
 * DATA/lock                                locked while a process uses the folder
 * </pre>
 * A case folder appears whole: an upload is received and checked in {@code uploads/} and then renamed into
 * {@code cases/}. Ids are 128 random bits in hex; only strings of that form ({@link #isId}) ever become paths, so no
 * request can name a file outside the data folder.
 */
final class CaseStore implements AutoCloseable {
    static final String RECORD = "case.json";
    static final String INPUT = "input";
    /** Held locked while a process uses the data folder, so that two never do. */
    static final String LOCK = "lock";
    private static final String DELETED_MARK = "deleted";
    private static final String CASE_PREFIX = "case";
    private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cases;
    private final Path uploads;
    private final FileChannel lockFile;
    private final SecureRandom random = new SecureRandom();

    private CaseStore(Path cases, Path uploads, FileChannel lockFile) {
        this.cases = cases;
        this.uploads = uploads;
        this.lockFile = lockFile;
    }

    /**
     * Opens (creating if needed) a data folder, locks it, and empties its {@code uploads/}: what a stopped process was
     * receiving or deleting there is no case.
     *
     * @throws MfunetException naming the folder when it cannot be created or written, or another process uses it
     */
    static CaseStore open(Path dataDir) {
        Path cases = dataDir.resolve("cases");
        Path uploads = dataDir.resolve("uploads");
        FileChannel lockFile = null;
        try {
            Files.createDirectories(cases);
            Files.createDirectories(uploads);
            lockFile = FileChannel.open(dataDir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = lockFile.tryLock();
            if (lock == null) {
                throw new OverlappingFileLockException();
            }
            try (Stream<Path> leftovers = Files.list(uploads)) {
                for (Path p : leftovers.toList()) {
                    AtomicFiles.deleteTree(p);
                }
            }
            if (!Files.isWritable(cases) || !Files.isWritable(uploads)) {
                throw new MfunetException("--data " + dataDir + ": the data folder is not writable");
            }
            return new CaseStore(cases, uploads, lockFile);
        } catch (OverlappingFileLockException e) {
            close(lockFile);
            throw new MfunetException("--data " + dataDir + ": another mfunet serve is using this data folder");
        } catch (IOException e) {
            close(lockFile);
            throw new MfunetException("--data " + dataDir + ": cannot use as the data folder (" + e + ")");
        } catch (RuntimeException e) {
            close(lockFile);
            throw e;
        }
    }

    /** Lets another process use the data folder. */
    @Override
    public void close() {
        close(lockFile);
    }

    private static void close(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Closing releases the lock; a failure to close leaves nothing to do.
        }
    }

    /** A new random id: 32 hex digits. */
    String newId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits);
    }

    /** True for strings of the form of {@link #newId()}; nothing else is looked up. */
    static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The MyoPS case name of an id, which names its files: {@code case_ID}. */
    static String caseName(String id) {
        return CASE_PREFIX + "_" + id;
    }

    /** A new empty folder in {@code uploads/} to receive a case in. */
    Path newUploadFolder(String id) {
        try {
            return Files.createDirectory(uploads.resolve(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The input files of a case whose inputs lie in {@code inputFolder}, named as {@link #inputFile} names them. */
    static MyopsCase inputCase(Path inputFolder, String id, boolean labelled) {
        Map<Sequence, Path> images = new EnumMap<>(Sequence.class);
        for (Sequence s : Sequence.values()) {
            Path file = existing(inputFolder, id, s.suffix());
            if (s == Sequence.LGE || Files.exists(file)) {
                images.put(s, file);
            }
        }
        return new MyopsCase(CASE_PREFIX, id, images, labelled ? existing(inputFolder, id, "gd") : null);
    }

    /** The input files of a stored case. */
    MyopsCase inputCase(String id, boolean labelled) {
        return inputCase(folder(id).resolve(INPUT), id, labelled);
    }

    /** The name an input takes: {@code case_ID_<suffix>.nii.gz} when gzip-compressed, else {@code .nii}. */
    static Path inputFile(Path inputFolder, String id, String suffix, boolean gzip) {
        return inputFolder.resolve(caseName(id) + "_" + suffix + (gzip ? ".nii.gz" : ".nii"));
    }

    private static Path existing(Path inputFolder, String id, String suffix) {
        Path gz = inputFile(inputFolder, id, suffix, true);
        return Files.exists(gz) ? gz : inputFile(inputFolder, id, suffix, false);
    }

    /** The folder of a case. */
    Path folder(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a case id: " + id);
        }
        return cases.resolve(id);
    }

    /** The segmentation file of a case (present once it is done). */
    Path segmentation(String id) {
        return SegmentationFiles.segmentation(folder(id), caseName(id));
    }

    /** The record of a case; empty when there is no such case or it was deleted. */
    Optional<CaseRecord> read(String id) {
        Path folder = folder(id);
        if (Files.exists(folder.resolve(DELETED_MARK))) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(Files.readString(folder.resolve(RECORD)), CaseRecord.class));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new MfunetException(folder.resolve(RECORD) + ": not a valid case record (" + e.getMessage() + ")");
        }
    }

    /** Replaces a stored case's record, atomically. */
    void write(CaseRecord record) {
        AtomicFiles.writeString(folder(record.id()).resolve(RECORD), JsonFiles.toJson(JSON, record));
    }

    /** Makes a received upload folder the case of {@code record}: writes the record into it, then renames it into place. */
    void admit(Path uploadFolder, CaseRecord record) {
        AtomicFiles.writeString(uploadFolder.resolve(RECORD), JsonFiles.toJson(JSON, record));
        try {
            Files.move(uploadFolder, folder(record.id()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes a case and its files: renamed out of {@code cases/} first, so a crash leaves no half case. */
    void delete(String id) {
        Path folder = folder(id);
        try {
            if (Files.exists(folder)) {
                Path doomed = uploads.resolve(id + ".deleting");
                Files.move(folder, doomed, StandardCopyOption.ATOMIC_MOVE);
                AtomicFiles.deleteTree(doomed);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes an upload folder that did not become a case (bad input, client gone). */
    void discardUpload(Path uploadFolder) {
        try {
            AtomicFiles.deleteTree(uploadFolder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Marks a case deleted while its segmentation runs; the reader sees no case, the worker removes it after. */
    void markDeleted(String id) {
        AtomicFiles.writeString(folder(id).resolve(DELETED_MARK), "");
    }

    /** True when {@link #markDeleted} was called on the case. */
    boolean isMarkedDeleted(String id) {
        return Files.exists(folder(id).resolve(DELETED_MARK));
    }

    /**
     * Brings the cases of a previous process back: cases marked deleted are removed, a case that was being segmented
     * when that process died fails with a reason (its input stays, so it can be sent again), and the queued ones are
     * returned to be queued again.
     *
     * @return the ids of the queued cases, oldest first
     */
    List<String> recover() {
        List<CaseRecord> queued = new ArrayList<>();
        try (Stream<Path> folders = Files.list(cases)) {
            for (Path folder : folders.sorted().toList()) {
                String id = folder.getFileName().toString();
                if (!isId(id)) {
                    continue;
                }
                if (isMarkedDeleted(id)) {
                    delete(id);
                    continue;
                }
                Optional<CaseRecord> record = read(id);
                if (record.isEmpty()) {
                    delete(id);
                } else if (record.get().status() == CaseStatus.RUNNING) {
                    write(record.get().failed("the server stopped while this case was being segmented; send it again"));
                } else if (record.get().status() == CaseStatus.QUEUED) {
                    queued.add(record.get());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return queued.stream().sorted(Comparator.comparing((CaseRecord r) -> Instant.parse(r.created())).thenComparing(CaseRecord::id))
                .map(CaseRecord::id).toList();
    }

}
