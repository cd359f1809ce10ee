package org.mfunet.model;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.mfunet.AtomicFiles;
import org.mfunet.MfunetException;
import org.mfunet.model.blocks.Encoder;

/**
 * Pretrained sequence encoders on disk: a folder with {@value ModelFiles#CONFIG_FILE} (the {@link MfuNetConfig}
 * they were trained in) and {@value #ENCODERS_FILE}, a parameter file in the {@link ModelFiles} format (versioned,
 * SHA-256 checked, written atomically) holding exactly the parameters of the three encoders, BatchNorm running
 * statistics included, each named {@code <encoder>/<parameter>}, e.g. {@code encoder_lge/01level0_...}.
 *
 * <p>Encoders fit a network when depth, baseFilters and backbone agree: those alone shape an encoder, so
 * encoders pretrained once can start networks that differ in fusion, attention, upsampling, dropout or input side.
 */
public final class EncoderFiles {
    public static final String ENCODERS_FILE = "encoders.mfunet";

    private EncoderFiles() {
    }

    /** Writes the encoders of a pretraining network into {@code dir} (created if missing), replacing earlier files. */
    public static void save(Path dir, ReconstructionNet net) {
        ModelFiles.writeParameters(dir.resolve(ENCODERS_FILE), named(net.encoders()));
        AtomicFiles.writeString(dir.resolve(ModelFiles.CONFIG_FILE), net.config().toJson());
    }

    /**
     * Reads the encoders in {@code dir} and checks that they fit networks of configuration {@code target}; the
     * network itself is touched only by {@link Pretrained#copyInto}.
     *
     * @throws MfunetException one line naming the folder or file: missing, damaged, of another format version,
     *                         or pretrained with another depth, baseFilters or backbone (naming that setting)
     */
    public static Pretrained read(Path dir, MfuNetConfig target) {
        Path configFile = dir.resolve(ModelFiles.CONFIG_FILE);
        Path encodersFile = dir.resolve(ENCODERS_FILE);
        if (!Files.isRegularFile(configFile) || !Files.isRegularFile(encodersFile)) {
            throw new MfunetException(dir + ": not pretrained encoders (needs " + ModelFiles.CONFIG_FILE + " and "
                    + ENCODERS_FILE + ", as written by mfunet pretrain into RUN/encoders)");
        }
        MfuNetConfig source = MfuNetConfig.fromJson(configFile);
        requireSame(configFile, "depth", source.depth(), target.depth());
        requireSame(configFile, "baseFilters", source.baseFilters(), target.baseFilters());
        requireSame(configFile, "backbone", source.backbone(), target.backbone());
        return new Pretrained(encodersFile, ModelFiles.read(encodersFile));
    }

    private static void requireSame(Path file, String setting, Object pretrained, Object network) {
        if (!pretrained.equals(network)) {
            throw new MfunetException(file + ": encoders pretrained with " + setting + " " + pretrained
                    + ", the network has " + setting + " " + network);
        }
    }

    /** Encoders read by {@link #read}, ready to be copied into a network. */
    public static final class Pretrained {
        private final Path file;
        private final List<ModelFiles.Stored> stored;

        private Pretrained(Path file, List<ModelFiles.Stored> stored) {
            this.file = file;
            this.stored = stored;
        }

        /** The parameter file they came from. */
        public Path file() {
            return file;
        }

        /**
         * Overwrites every encoder parameter of an initialised {@code net} with the pretrained values; all other
         * parameters keep their values.
         *
         * @throws MfunetException naming the file when its parameter names or shapes do not fit the encoders
         */
        public void copyInto(MfuNet net) {
            ModelFiles.copy(file, stored, named(net.encoders()), "the network's encoders need");
        }
    }

    private static List<Pair<String, Parameter>> named(Map<String, Encoder> encoders) {
        List<Pair<String, Parameter>> out = new ArrayList<>();
        encoders.forEach((name, encoder) -> encoder.getParameters()
                .forEach(p -> out.add(new Pair<>(name + "/" + p.getKey(), p.getValue()))));
        return out;
    }
}
