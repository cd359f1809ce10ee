package org.mfunet;

/**
 * A problem the user can fix: bad input file, bad option, bad configuration. The message is one
 * line that names the file, case or option and the rule it breaks; the command line prints it
 * without a stack trace and exits non-zero.
 */
public class MfunetException extends RuntimeException {
    public MfunetException(String message) {
        super(message);
    }

    public MfunetException(String message, Throwable cause) {
        super(message, cause);
    }
}
