package org.mfunet.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of the command line for tests: {@link Main#run} with its standard output and standard error
 * caught in strings.
 *
 * @param code the exit code
 * @param out all that the run printed to standard output
 * @param err all that the run printed to standard error
 */
public record CliRun(int code, String out, String err) {
    /** Runs {@code mfunet args...} in this JVM and returns its exit code and output. */
    public static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintWriter outWriter = new PrintWriter(out);
        PrintWriter errWriter = new PrintWriter(err);
        int code = Main.run(args, outWriter, errWriter);
        outWriter.flush();
        errWriter.flush();
        return new CliRun(code, out.toString(), err.toString());
    }

    /** Runs {@code mfunet} with the arguments of a list; see {@link #of(String...)}. */
    public static CliRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }
}
