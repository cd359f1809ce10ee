package org.mfunet.dicom;

import java.nio.file.Path;
import org.mfunet.MfunetException;

/** A DICOM file or series that cannot be read or written; the message is always {@code "<file>: <problem>"}. */
public class DicomException extends MfunetException {
    private final transient DicomObject partial;

    public DicomException(Path file, String problem) {
        this(file, problem, null, null);
    }

    public DicomException(Path file, String problem, Throwable cause) {
        this(file, problem, null, cause);
    }

    DicomException(Path file, String problem, DicomObject partial, Throwable cause) {
        super(file + ": " + problem, cause);
        this.partial = partial;
    }

    /** The elements read before the problem (e.g. of a truncated file), or null: lets a study be named for it. */
    public DicomObject partial() {
        return partial;
    }
}
