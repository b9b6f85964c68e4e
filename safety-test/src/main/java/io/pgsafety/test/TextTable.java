package io.pgsafety.test;

import java.util.ArrayList;
import java.util.List;

/** Renders rows of multi-line cells as a fixed-width text table; the first row is the header. */
final class TextTable {

    private TextTable() {}

    static String render(List<List<List<String>>> rows) {
        int columns = rows.get(0).size();
        int[] widths = new int[columns];
        for (List<List<String>> row : rows) {
            for (int c = 0; c < columns; c++) {
                for (String line : row.get(c)) {
                    widths[c] = Math.max(widths[c], line.length());
                }
            }
        }
        StringBuilder out = new StringBuilder();
        String rule = rule(widths);
        out.append(rule);
        for (int r = 0; r < rows.size(); r++) {
            List<List<String>> row = rows.get(r);
            int height = row.stream().mapToInt(List::size).max().orElse(1);
            for (int line = 0; line < height; line++) {
                List<String> parts = new ArrayList<>();
                for (int c = 0; c < columns; c++) {
                    List<String> cell = row.get(c);
                    parts.add(pad(line < cell.size() ? cell.get(line) : "", widths[c]));
                }
                out.append("| ").append(String.join(" | ", parts)).append(" |\n");
            }
            out.append(rule);
        }
        return out.toString();
    }

    private static String rule(int[] widths) {
        StringBuilder rule = new StringBuilder("+");
        for (int w : widths) {
            rule.append("-".repeat(w + 2)).append('+');
        }
        return rule.append('\n').toString();
    }

    private static String pad(String text, int width) {
        return text + " ".repeat(width - text.length());
    }
}
