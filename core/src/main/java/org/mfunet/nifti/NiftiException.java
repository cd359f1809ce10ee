package org.mfunet.nifti;

import java.nio.file.Path;
import org.mfunet.MfunetException;

/** A NIfTI file that cannot be read or written; the message is always {@code "<file>: <problem>"}. */
public class NiftiException extends MfunetException {
    public NiftiException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public NiftiException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
