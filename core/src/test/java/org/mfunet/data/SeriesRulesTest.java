package org.mfunet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mfunet.MfunetException;
import org.mfunet.dicom.DicomImage;
import org.mfunet.dicom.DicomObject;
import org.mfunet.dicom.DicomSeries;
import org.mfunet.dicom.Tag;

/** Which series of a study each sequence gets, by the default rules, a rules file and UIDs named by the user. */
class SeriesRulesTest {
    static DicomSeries series(String uid, int number, String description, String protocol) {
        DicomObject header = new DicomObject().putString(Tag.SERIES_INSTANCE_UID, "UI", uid)
                .putString(Tag.SERIES_DESCRIPTION, "LO", description).putString(Tag.PROTOCOL_NAME, "LO", protocol)
                .putIntegers(Tag.SERIES_NUMBER, number);
        DicomImage image = new DicomImage(Path.of(uid + ".dcm"), header, "1.2.840.10008.1.2.1", 8, 8,
                new double[] {1, 0, 0, 0, 1, 0}, new double[] {0, 0, 0}, new double[] {1, 1});
        return new DicomSeries("1.2", uid, List.of(image));
    }

    static String chosen(SeriesRules rules, List<DicomSeries> all, Sequence s) {
        DicomSeries c = rules.select("study", all, Sequence.all()).chosen().get(s);
        return c == null ? "-" : c.seriesUid();
    }

    @ParameterizedTest(name = "\"{0}\" / \"{1}\" -> {2}")
    @CsvSource({
        "LGE_SAX_stack, '', LGE",
        "tfl_psir_trufi, '', LGE",
        "Delayed Enhancement SA, '', LGE",
        "'', DE_SAX, LGE",
        "SAX MDE, '', LGE",
        "T2 STIR SAX, '', T2",
        "t2_tse_dark-blood, '', T2",
        "Black Blood SAX, '', T2",
        "T2* map, '', -",
        "T2star_mapping, '', -",
        "cine_retro_sax, '', bSSFP",
        "'', FIESTA CINE SAX, bSSFP",
        "sBTFE_BH, '', bSSFP",
        "B-TFE SAX, '', bSSFP",
        "Balanced FFE, '', bSSFP",
        "localizer, '', -",
        "DESCENDING AORTA, '', -"})
    void theDefaultRulesKnowTheCommonVendorNames(String description, String protocol, String expected) {
        List<DicomSeries> all = List.of(series("9.9", 1, description, protocol), series("1.1", 0, "LGE", ""));
        String got = "-";
        for (Sequence s : Sequence.values()) {
            if (chosen(SeriesRules.DEFAULT, all, s).equals("9.9")) {
                got = s.title();
            }
        }
        assertEquals(expected, got);
    }

    @Test
    void ofSeveralMatchesTheHighestSeriesNumberWinsAndTheChoiceIsSaid() {
        List<DicomSeries> all = List.of(series("1.5", 5, "LGE PSIR", ""), series("1.12", 12, "LGE PSIR repeat", ""),
                series("1.3", 3, "cine", ""));
        SeriesRules.Selection s = SeriesRules.DEFAULT.select("p1", all, Sequence.all());
        assertEquals("1.12", s.chosen().get(Sequence.LGE).seriesUid());
        assertEquals(List.of("LGE: 2 series match, chose #12 \"LGE PSIR repeat\" (1.12, 1 image) (highest series number)"
                + " over #5 \"LGE PSIR\" (1.5, 1 image)", "no T2 series, segmented without it"), s.notes());
    }

    @Test
    void aStudyWithoutLgeSaysWhatItHas() {
        List<DicomSeries> all = List.of(series("1.3", 3, "cine", ""), series("1.4", 4, "localizer", ""));
        MfunetException e = assertThrows(MfunetException.class,
                () -> SeriesRules.DEFAULT.select("p1", all, Sequence.all()));
        assertTrue(e.getMessage().startsWith("study p1: no LGE series"), e.getMessage());
        assertTrue(e.getMessage().contains("#3 \"cine\" (1.3, 1 image), #4 \"localizer\" (1.4, 1 image)"), e.getMessage());
    }

    @Test
    void seriesNamedByUidWinAndUnwantedSequencesAreLeftOut() {
        List<DicomSeries> all = List.of(series("1.5", 5, "LGE PSIR", ""), series("1.6", 6, "viability 2", ""),
                series("1.7", 7, "T2 STIR", ""));
        SeriesRules rules = SeriesRules.DEFAULT.withSeries(Map.of(Sequence.LGE, "1.5"));
        SeriesRules.Selection s = rules.select("p1", all, Set.of(Sequence.LGE));
        assertEquals(Map.of(Sequence.LGE, "1.5"), Map.of(Sequence.LGE, s.chosen().get(Sequence.LGE).seriesUid()));
        assertEquals(1, s.chosen().size());
    }

    @Test
    void aRulesFileReplacesThePatternsOfTheSequencesItNames(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), "{\"LGE\": [\"^hyper\"], \"C0\": []}");
        SeriesRules rules = SeriesRules.fromJson(file);
        List<DicomSeries> all = List.of(series("1.1", 1, "hyperenhancement", ""), series("1.2", 2, "LGE", ""),
                series("1.3", 3, "cine", ""), series("1.4", 4, "T2 STIR", ""));
        assertEquals("1.1", chosen(rules, all, Sequence.LGE));
        assertEquals("-", chosen(rules, all, Sequence.BSSFP));
        assertEquals("1.4", chosen(rules, all, Sequence.T2));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{\"LGE\": \"psir\"}|: \"LGE\" must be a list of patterns",
        "{\"XX\": []}|: unknown sequence 'XX'",
        "{\"T2\": [\"(stir\"]}|: pattern \"(stir\" for T2 is not a regular expression",
        "[1, 2]|: series rules must be a JSON object",
        "{oops|: not a readable JSON rules file"})
    void aBadRulesFileIsRefusedNamingIt(String text, String expected, @TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("rules.json"), text);
        MfunetException e = assertThrows(MfunetException.class, () -> SeriesRules.fromJson(file));
        assertTrue(e.getMessage().startsWith(file + expected), e.getMessage());
    }
}
