package org.mfunet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mfunet.MfunetException;

class MfuNetConfigTest {
    static final MfuNetConfig OK = Presets.CPU_SMALL;

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withInputSide(300).withDepth(4),
                        "inputSide 300 must be a positive multiple of 2^depth = 16: use 288 or 304"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withInputSide(8),
                        "inputSide 8 must be a positive multiple of 2^depth = 16: use 16"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withDepth(7), "depth 7 must be between 2 and 6"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withBaseFilters(1), "baseFilters 1 must be between 2 and 256"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withBackbone("dense"),
                        "backbone 'dense' is unknown: use one of residual, dilation, sideconv"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withDropout(1.0), "dropout 1.0 must be in [0, 1)"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withUpsampling("bilinear"),
                        "upsampling 'bilinear' is unknown: use one of nearest-conv, transposed"),
                Arguments.of((Supplier<MfuNetConfig>) () -> OK.withAlignmentMm(-1),
                        "alignmentMm -1.0 must be 0 (no alignment) or a positive number of mm"));
    }

    @ParameterizedTest
    @MethodSource("invalid")
    void invalidFieldsAreNamedWithTheRule(Supplier<MfuNetConfig> build, String message) {
        assertEquals(message, assertThrows(MfunetException.class, build::get).getMessage());
    }

    @Test
    void presetsHaveThePaperShapeAndUnknownNamesListThem() {
        MfuNetConfig paper = Presets.byName("paper");
        assertEquals(new MfuNetConfig(4, 64, "residual", true, true, 288, 0, "transposed", 0, Presets.ALIGNMENT_MM), paper);
        assertEquals(128, Presets.byName("cpu-small").inputSide());
        assertEquals(Presets.byName("cpu-small"), Presets.byName("cpu-small-dropout"));
        assertEquals("preset 'huge' is unknown: use one of paper, cpu-small, cpu-small-dropout",
                assertThrows(MfunetException.class, () -> Presets.byName("huge")).getMessage());
    }

    @Test
    void jsonRoundTripsAndBadJsonNamesTheFile(@TempDir Path dir) throws Exception {
        MfuNetConfig config = OK.withBackbone("sideconv").withAttention(false).withDropout(0.25);
        Path file = dir.resolve("config.json");
        Files.writeString(file, config.toJson());
        assertEquals(config, MfuNetConfig.fromJson(file));

        Files.writeString(file, config.toJson().replace("\"inputSide\" : 128", "\"inputSide\" : 100"));
        String message = assertThrows(MfunetException.class, () -> MfuNetConfig.fromJson(file)).getMessage();
        assertEquals(file + ": inputSide 100 must be a positive multiple of 2^depth = 16: use 96 or 112", message);

        Files.writeString(file, config.toJson().replace("\"upsampling\" : \"transposed\",", "")
                .replace(",\n  \"upsampling\" : \"transposed\"", ""));
        assertTrue(!Files.readString(file).contains("upsampling"), "older configuration files lack the field");
        assertEquals(config, MfuNetConfig.fromJson(file));
        Files.writeString(file, config.withUpsampling("nearest-conv").toJson());
        assertEquals("nearest-conv", MfuNetConfig.fromJson(file).upsampling());

        Files.writeString(file, config.toJson().replace(",\n  \"alignmentMm\" : " + Presets.ALIGNMENT_MM, ""));
        assertTrue(!Files.readString(file).contains("alignmentMm"), "models saved before alignment lack the field");
        assertEquals(config.withAlignmentMm(0), MfuNetConfig.fromJson(file), "and were trained without alignment");

        Files.writeString(file, "{\"depth\": 4}");
        message = assertThrows(MfunetException.class, () -> MfuNetConfig.fromJson(file)).getMessage();
        assertTrue(message.startsWith(file + ": not a valid MFU-Net configuration"), message);
    }
}
