package org.mfunet.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Arrays;
import org.mfunet.MfunetException;
import org.mfunet.model.Engines;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code mfunet} command line. Each subcommand is a thin class in this package that
 * parses options, calls one library method and prints its result. User errors end as one line on
 * standard error and exit code 1 (2 for bad usage); {@code --debug} adds the stack trace.
 */
@Command(name = "mfunet",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "MFU-Net: segment myocardium, blood pools, scar and edema from LGE, T2 and bSSFP cardiac MR.",
        subcommands = {
            DemoCommand.class,
            SynthCommand.class,
            InfoCommand.class,
            PretrainCommand.class,
            TrainCommand.class,
            PredictCommand.class,
            EvaluateCommand.class,
            CvCommand.class,
            ReportCommand.class,
            ServeCommand.class,
            BenchCommand.class,
            ModelCommand.class,
        })
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code; used by {@link #main} and by tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = Arrays.asList(args).contains("--debug");
        Engines.configure(debug);
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(out);
        cli.setErr(err);
        cli.setParameterExceptionHandler((ex, arguments) -> {
            err.println("error: " + ex.getMessage() + " (see: " + ex.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help)");
            err.flush();
            return 2;
        });
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            err.println("error: " + describe(ex));
            if (debug) {
                ex.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /** One line for the user: our own messages as they are, I/O errors with the file they concern. */
    static String describe(Throwable ex) {
        if (ex instanceof UncheckedIOException u) {
            ex = u.getCause();
        }
        if (ex instanceof MfunetException) {
            return ex.getMessage();
        }
        if (ex instanceof NoSuchFileException e) {
            return e.getFile() + ": no such file or folder";
        }
        if (ex instanceof AccessDeniedException e) {
            return e.getFile() + ": permission denied";
        }
        if (ex instanceof FileSystemException e) {
            return e.getFile() + ": " + (e.getReason() == null ? "file system error" : e.getReason());
        }
        if (ex instanceof IOException) {
            return "I/O error: " + ex.getMessage();
        }
        if (ex instanceof OutOfMemoryError) {
            return "out of memory: " + ex.getMessage() + " (try fewer threads, a smaller preset or a larger -Xmx)";
        }
        return ex.getClass().getSimpleName() + ": " + ex.getMessage() + " (run with --debug for details)";
    }

    /** Version from the jar manifest, or "development" when run from classes. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mfunet " + (v == null ? "development" : v)};
        }
    }
}
