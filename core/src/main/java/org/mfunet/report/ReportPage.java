package org.mfunet.report;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The HTML of a report: one page, styles inline, images referenced by relative paths inside the report
 * folder, so it opens offline with nothing fetched from elsewhere.
 */
public final class ReportPage {
    private static final String STYLE = """
            body{font-family:sans-serif;margin:24px;max-width:1500px;color:#222;background:#fff}
            h1{font-size:24px}h2{font-size:19px;border-bottom:1px solid #ccc;padding-bottom:4px;margin-top:32px}
            p.note{background:#fff6d6;border-left:4px solid #e0b000;padding:6px 10px}
            figure{margin:12px 0}img{max-width:100%;image-rendering:pixelated}figcaption{font-size:13px;color:#555}
            table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
            th:first-child,td:first-child{text-align:left}tr.summary td{font-weight:bold;background:#f2f2f2}
            """;

    private ReportPage() {
    }

    /**
     * One figure of a section.
     *
     * @param file    path relative to the report folder, e.g. {@code figures/overlay-1.png}
     * @param caption text under the figure
     */
    public record Figure(String file, String caption) {
        public Figure {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(caption, "caption");
        }
    }

    /**
     * A titled part of the report.
     *
     * @param id      HTML anchor
     * @param title   heading
     * @param text    paragraphs of plain text
     * @param notes   plain-text statements of what is missing or switched off, highlighted
     * @param figures pictures in order
     * @param table   rows of cells, the first row the header and rows starting with "mean ± std" highlighted; empty for none
     */
    public record Section(String id, String title, List<String> text, List<String> notes, List<Figure> figures,
                          List<List<String>> table) {
        public Section {
            text = List.copyOf(text);
            notes = List.copyOf(notes);
            figures = List.copyOf(figures);
            table = List.copyOf(table);
        }

        /** A section that only states why it has nothing to show. */
        public static Section note(String id, String title, String note) {
            return new Section(id, title, List.of(), List.of(note), List.of(), List.of());
        }
    }

    /** A table cell of a number to three decimals; {@code n/a} for null or NaN. */
    public static String number(Double value) {
        return value == null || value.isNaN() ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
    }

    /** The whole page. */
    public static String html(String title, List<Section> sections) {
        StringBuilder sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>")
                .append(escape(title)).append("</title>\n<style>").append(STYLE).append("</style></head><body>\n<h1>")
                .append(escape(title)).append("</h1>\n<ul>");
        for (Section s : sections) {
            sb.append("<li><a href=\"#").append(s.id()).append("\">").append(escape(s.title())).append("</a></li>");
        }
        sb.append("</ul>\n");
        for (Section s : sections) {
            sb.append("<section id=\"").append(s.id()).append("\"><h2>").append(escape(s.title())).append("</h2>\n");
            for (String t : s.text()) {
                sb.append("<p>").append(escape(t)).append("</p>\n");
            }
            for (String n : s.notes()) {
                sb.append("<p class=\"note\">").append(escape(n)).append("</p>\n");
            }
            table(sb, s.table());
            for (Figure f : s.figures()) {
                sb.append("<figure><img src=\"").append(escape(f.file())).append("\" alt=\"").append(escape(f.caption()))
                        .append("\"><figcaption>").append(escape(f.caption())).append("</figcaption></figure>\n");
            }
            sb.append("</section>\n");
        }
        return sb.append("</body></html>\n").toString();
    }

    private static void table(StringBuilder sb, List<List<String>> rows) {
        if (rows.isEmpty()) {
            return;
        }
        sb.append("<table>");
        for (int r = 0; r < rows.size(); r++) {
            String cell = r == 0 ? "th" : "td";
            boolean summary = r > 0 && rows.get(r).get(0).startsWith("mean");
            sb.append(summary ? "<tr class=\"summary\">" : "<tr>");
            for (String value : rows.get(r)) {
                sb.append('<').append(cell).append('>').append(escape(value)).append("</").append(cell).append('>');
            }
            sb.append("</tr>");
        }
        sb.append("</table>\n");
    }

    /** Text made safe for HTML element content and attribute values. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
