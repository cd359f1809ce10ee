package org.mfunet.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.mfunet.MfunetException;
import org.mfunet.dicom.DicomSeries;

/**
 * How the series of a DICOM study are matched to the sequences: patterns searched (case-insensitively) in each series'
 * SeriesDescription and ProtocolName, and SeriesInstanceUIDs named by the user, which win over the patterns. A series
 * goes to the first sequence, in the order LGE, T2, bSSFP, whose patterns it matches (Siemens' LGE is often
 * "TrueFISP PSIR", so the LGE asks first). Among several matches for one sequence the highest SeriesNumber wins (a
 * repeat is usually the better take), then the smallest UID; the choice is reported with the others.
 *
 * @param patterns per sequence, the patterns that claim a series for it
 * @param series   per sequence, a SeriesInstanceUID chosen by the user
 */
public record SeriesRules(Map<Sequence, List<Pattern>> patterns, Map<Sequence, String> series) {
    /** The default patterns, written as a rules file would hold them (see docs/dicom.md). */
    public static final Map<Sequence, List<String>> DEFAULT_PATTERNS = Map.of(
            Sequence.LGE, List.of(word("LGE"), "PSIR", word("DE"), word("MDE"), "delayed[ _-]?enh", "late[ _-]?(gad|enh)",
                    "viability"),
            Sequence.T2, List.of(word("T2") + "(?![ _-]?(\\*|star|map))", "STIR", "black[ _-]?blood", word("TIRM"),
                    word("DIR")),
            Sequence.BSSFP, List.of("b?SSFP", "cine", "tru[ _-]?fi", "FIESTA", "balanced", word("b[ _-]?FFE"),
                    word("s?b[ _-]?TFE")));
    /** Patterns and UIDs of the tool: {@link #DEFAULT_PATTERNS}, no series named. */
    public static final SeriesRules DEFAULT = new SeriesRules(compile(DEFAULT_PATTERNS, "the default rules"), Map.of());

    private static final ObjectMapper JSON = new ObjectMapper();

    public SeriesRules {
        EnumMap<Sequence, List<Pattern>> p = new EnumMap<>(Sequence.class);
        patterns.forEach((s, list) -> p.put(s, List.copyOf(list)));
        patterns = Collections.unmodifiableMap(p);
        series = Collections.unmodifiableMap(series.isEmpty() ? new EnumMap<>(Sequence.class) : new EnumMap<>(series));
    }

    /**
     * The default rules with the patterns of a JSON file replacing those of the sequences it names:
     * {@code {"LGE": ["psir", "de_sax"], "T2": ["stir"], "bSSFP": []}} (Java regular expressions, case-insensitive,
     * searched in SeriesDescription and ProtocolName; an empty list never picks a series by pattern).
     *
     * @throws MfunetException naming the file when it is not such an object or a pattern does not compile
     */
    public static SeriesRules fromJson(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new MfunetException(file + ": not a readable JSON rules file ("
                    + Objects.toString(e.getMessage(), "").lines().findFirst().orElse("") + ")");
        }
        if (root == null || !root.isObject()) {
            throw new MfunetException(file + ": series rules must be a JSON object such as {\"LGE\": [\"psir\"]}");
        }
        Map<Sequence, List<String>> text = new EnumMap<>(DEFAULT_PATTERNS);
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            Sequence s = Sequence.parse(e.getKey(), file.toString());
            if (!e.getValue().isArray()) {
                throw new MfunetException(file + ": \"" + e.getKey() + "\" must be a list of patterns");
            }
            List<String> list = new ArrayList<>();
            e.getValue().forEach(n -> list.add(n.asText()));
            text.put(s, list);
        }
        return new SeriesRules(compile(text, file.toString()), Map.of());
    }

    /** A copy with series chosen by the user, e.g. from {@code --series LGE=1.2.3}. */
    public SeriesRules withSeries(Map<Sequence, String> chosen) {
        return new SeriesRules(patterns, chosen);
    }

    /** A pattern that matches {@code text} only between non-alphanumerics ({@code \\b} would not split {@code LGE_SAX}). */
    private static String word(String text) {
        return "(?<![a-z0-9])" + text + "(?![a-z0-9])";
    }

    private static Map<Sequence, List<Pattern>> compile(Map<Sequence, List<String>> text, String source) {
        Map<Sequence, List<Pattern>> out = new EnumMap<>(Sequence.class);
        text.forEach((s, list) -> out.put(s, list.stream().map(p -> {
            try {
                return Pattern.compile(p, Pattern.CASE_INSENSITIVE);
            } catch (PatternSyntaxException e) {
                throw new MfunetException(source + ": pattern \"" + p + "\" for " + s.title() + " is not a regular"
                        + " expression (" + e.getDescription() + ")");
            }
        }).toList()));
        return out;
    }

    /**
     * The series chosen for each wanted sequence of a study.
     *
     * @param chosen per sequence found, its series
     * @param notes  one line per choice among several, per wanted sequence not found, naming the series
     */
    public record Selection(Map<Sequence, DicomSeries> chosen, List<String> notes) {
    }

    /**
     * Chooses the series of a study.
     *
     * @param wanted the sequences to look for, the LGE among them
     * @throws MfunetException naming the study and listing its series when no LGE is found
     */
    public Selection select(String study, List<DicomSeries> all, java.util.Set<Sequence> wanted) {
        Map<Sequence, DicomSeries> chosen = new EnumMap<>(Sequence.class);
        List<String> notes = new ArrayList<>();
        Map<Sequence, List<DicomSeries>> candidates = new EnumMap<>(Sequence.class);
        for (DicomSeries s : all) {
            Sequence named = series.entrySet().stream().filter(e -> e.getValue().equals(s.seriesUid()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            if (named != null) {
                chosen.put(named, s);
                continue;
            }
            for (Sequence q : Sequence.values()) {
                if (matches(q, s)) {
                    candidates.computeIfAbsent(q, k -> new ArrayList<>()).add(s);
                    break;
                }
            }
        }
        for (Sequence q : Sequence.values()) {
            if (!wanted.contains(q) || chosen.containsKey(q)) {
                continue;
            }
            List<DicomSeries> found = candidates.getOrDefault(q, List.of());
            if (found.isEmpty()) {
                if (q == Sequence.REQUIRED) {
                    throw new MfunetException("study " + study + ": no LGE series (by description or protocol: "
                            + "LGE, PSIR, DE, delayed/late enhancement); found " + list(all) + "; name it with --series"
                            + " LGE=<SeriesInstanceUID> or a --series-rules file");
                }
                notes.add("no " + q.title() + " series, segmented without it");
                continue;
            }
            List<DicomSeries> ordered = found.stream().sorted(Comparator.comparingInt(DicomSeries::number).reversed()
                    .thenComparing(DicomSeries::seriesUid)).toList();
            chosen.put(q, ordered.get(0));
            if (ordered.size() > 1) {
                notes.add(q.title() + ": " + ordered.size() + " series match, chose " + ordered.get(0).summary()
                        + " (highest series number) over " + list(ordered.subList(1, ordered.size())));
            }
        }
        chosen.keySet().retainAll(wanted);
        return new Selection(Collections.unmodifiableMap(chosen), List.copyOf(notes));
    }

    private boolean matches(Sequence q, DicomSeries s) {
        return patterns.getOrDefault(q, List.of()).stream()
                .anyMatch(p -> p.matcher(s.description()).find() || p.matcher(s.protocol()).find());
    }

    private static String list(List<DicomSeries> series) {
        return series.isEmpty() ? "no image series" : series.stream().map(DicomSeries::summary)
                .collect(Collectors.joining(", "));
    }
}
