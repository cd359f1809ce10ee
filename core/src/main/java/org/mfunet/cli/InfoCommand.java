package org.mfunet.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mfunet.nifti.NiftiSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code mfunet info FILE [--json]}: header fields and value statistics of a NIfTI file. */
@Command(name = "info", header = "Show the header and value statistics of a NIfTI-1 file.", description = "Show the header (dims, type, spacing, qform/sform, scaling) and value"
        + " statistics of a NIfTI-1 file (.nii or .nii.gz).")
public final class InfoCommand implements Callable<Integer> {
    @Mixin
    GlobalOptions global;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A .nii or .nii.gz file.")
    Path file;

    @Option(names = "--json", description = "Print one JSON object (snake_case keys) instead of text.")
    boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        NiftiSummary summary = NiftiSummary.of(file);
        var out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper()
                    .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                    .enable(SerializationFeature.INDENT_OUTPUT);
            out.println(mapper.writeValueAsString(summary));
        } else {
            summary.lines().forEach(out::println);
        }
        return 0;
    }
}
