package io.pgsafety.core.report;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.Severity;
import io.pgsafety.core.sql.ast.LockMode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The human report: per finding a compiler-style header, the offending source lines with the
 * span underlined, the lock, the why, the safe alternative; then a one-line summary.
 */
public final class TextReporter implements Reporter {

    private static final int WIDTH = 100;
    /** Longer statements show their first lines and their last line around an ellipsis. */
    private static final int MAX_QUOTED_LINES = 6;
    private static final String TAB = "    ";

    private static final String RESET = "\u001b[0m";
    private static final String BOLD = "\u001b[1m";
    private static final String RED = "\u001b[1;31m";
    private static final String YELLOW = "\u001b[1;33m";
    private static final String CYAN = "\u001b[1;36m";
    private static final String BLUE = "\u001b[1;34m";
    private static final String GREEN = "\u001b[32m";

    private final boolean color;
    private final Function<String, RuleInfo> rules;

    /** {@code color}: emit ANSI colours (only when writing to a terminal). */
    public TextReporter(boolean color) {
        this(color, RegisteredRules.INSTANCE);
    }

    TextReporter(boolean color, Function<String, RuleInfo> rules) {
        this.color = color;
        this.rules = rules;
    }

    @Override
    public void write(AnalysisResult result, Appendable out) throws IOException {
        int errors = 0;
        int warnings = 0;
        int allowed = 0;
        for (Finding f : result.findings()) {
            writeFinding(f, result.sources().get(f.file()), out);
            if (f.allowed()) {
                allowed++;
            } else if (f.severity() == Severity.ERROR) {
                errors++;
            } else if (f.severity() == Severity.WARNING) {
                warnings++;
            }
        }
        String summary = count(errors, "error") + ", " + count(warnings, "warning") + ", " + allowed + " allowed in "
                + count(result.files(), "file") + " (" + count(result.statements(), "statement") + ")";
        out.append(paint(errors > 0 ? RED : BOLD, summary)).append('\n');
    }

    private void writeFinding(Finding f, String source, Appendable out) throws IOException {
        String severityColor = f.allowed() ? CYAN : f.severity() == Severity.ERROR ? RED : YELLOW;
        out.append(paint(BOLD, printable(f.file()) + ":" + f.line() + ":" + f.column() + ":")).append(' ')
                .append(paint(severityColor, f.severity().jsonName() + "[" + f.rule() + "]")).append(' ')
                .append(paint(BOLD, printable(summary(f)))).append('\n');
        if (source != null) {
            quote(source, f, severityColor, out);
        }
        if (f.lock() != null) {
            StringBuilder lock = new StringBuilder("lock: ").append(f.lock().sql());
            if (f.object() != null) {
                lock.append(" on ").append(printable(f.object()));
            }
            if (!f.blocks().isEmpty()) {
                lock.append(" \u2014 blocks ").append(blocks(f.blocks()));
            }
            out.append("  ").append(paint(BOLD, lock.toString())).append('\n');
        }
        if (f.message() != null && !f.message().isBlank()) {
            for (String line : wrap(printable(f.message()), WIDTH - 2)) {
                out.append("  ").append(line).append('\n');
            }
        }
        if (f.safeAlternative() != null && !f.safeAlternative().isBlank()) {
            out.append("  ").append(paint(GREEN, "safe alternative:")).append('\n');
            for (String line : printable(f.safeAlternative().strip()).split("\r?\n", -1)) {
                out.append(line.isEmpty() ? "" : "      " + line).append('\n');
            }
        }
        if (f.allowed()) {
            out.append("  ").append(paint(CYAN, "allowed:")).append(' ')
                    .append(f.reason() == null ? "(no reason given)" : printable(f.reason())).append('\n');
        }
        out.append('\n');
    }

    private String summary(Finding f) {
        RuleInfo info = rules.apply(f.rule());
        if (info != null && !info.summary().isBlank()) {
            return info.summary();
        }
        String message = f.message() == null ? "" : f.message().strip();
        int end = message.indexOf(". ");
        int newline = message.indexOf('\n');
        if (newline >= 0 && (end < 0 || newline < end)) {
            end = newline;
        }
        return end < 0 ? message : message.substring(0, end);
    }

    /** Quotes {@code line..endLine} of {@code source} with the span underlined, as compilers do. */
    private void quote(String source, Finding f, String severityColor, Appendable out) throws IOException {
        List<String> lines = lines(source, f.line(), Math.max(f.line(), f.endLine()));
        if (lines.isEmpty()) {
            return;
        }
        int last = f.line() + lines.size() - 1;
        int gutter = Integer.toString(last).length();
        String blank = " ".repeat(gutter + 1) + paint(BLUE, "|");
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = f.line() + i;
            boolean elided = lines.size() > MAX_QUOTED_LINES && i >= MAX_QUOTED_LINES - 2 && i < lines.size() - 1;
            if (elided) {
                if (i == MAX_QUOTED_LINES - 2) {
                    out.append(" ".repeat(gutter + 1)).append(paint(BLUE, "...")).append('\n');
                }
                continue;
            }
            String raw = lines.get(i);
            String shown = printable(raw).replace("\t", TAB);
            out.append(paint(BLUE, pad(lineNo, gutter) + " |"));
            out.append(shown.isEmpty() ? "" : " " + shown).append('\n');
            boolean first = lineNo == f.line();
            boolean lastOfSpan = lineNo == f.endLine() || lines.size() == 1;
            if (!first && !lastOfSpan) {
                continue;
            }
            int from = first ? f.column() - 1 : firstNonBlank(raw);
            int to = lineNo == f.endLine() && f.endColumn() > 0 ? f.endColumn() : raw.length();
            from = Math.max(0, Math.min(from, raw.length()));
            to = Math.max(from + 1, Math.min(to, raw.length()));
            if (from < raw.length()) {
                int start = displayWidth(raw, from);
                int width = displayWidth(raw, to) - start;
                out.append(blank).append(' ').append(" ".repeat(start))
                        .append(paint(severityColor, "^".repeat(Math.max(1, width)))).append('\n');
            }
        }
    }

    /** Lines {@code from..to} (1-based, inclusive) of {@code source}, as far as it has them. */
    private static List<String> lines(String source, int from, int to) {
        List<String> result = new ArrayList<>();
        int line = 1;
        int start = 0;
        int n = source.length();
        while (line <= to && start <= n) {
            int end = start;
            while (end < n && source.charAt(end) != '\n' && source.charAt(end) != '\r') {
                end++;
            }
            if (line >= from) {
                result.add(source.substring(start, end));
            }
            if (end == n) {
                break;
            }
            start = end + (source.charAt(end) == '\r' && end + 1 < n && source.charAt(end + 1) == '\n' ? 2 : 1);
            line++;
        }
        return result;
    }

    private static int firstNonBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** Columns {@code s.substring(0, index)} takes once tabs are expanded and surrogate pairs joined. */
    private static int displayWidth(String s, int index) {
        int width = 0;
        for (int i = 0; i < index; i++) {
            char c = s.charAt(i);
            if (c == '\t') {
                width += TAB.length();
            } else if (!Character.isLowSurrogate(c)) {
                width++;
            }
        }
        return width;
    }

    private static String pad(int n, int width) {
        String s = Integer.toString(n);
        return " ".repeat(width - s.length()) + s;
    }

    private static String blocks(List<LockMode.Blocks> blocks) {
        StringBuilder sb = new StringBuilder();
        for (LockMode.Blocks b : blocks) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(b == LockMode.Blocks.DDL ? "DDL" : b.jsonName());
        }
        return sb.toString();
    }

    /** Greedy word wrap that keeps the message's own line breaks. */
    static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        for (String paragraph : text.strip().split("\r?\n", -1)) {
            StringBuilder line = new StringBuilder();
            for (String word : paragraph.strip().split(" +")) {
                if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                    out.add(line.toString());
                    line.setLength(0);
                }
                if (line.length() > 0) {
                    line.append(' ');
                }
                line.append(word);
            }
            out.add(line.toString());
        }
        return out;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /**
     * Makes user text safe to print: control characters (which could drive the terminal), Unicode
     * line separators and lone surrogates (which have no encoding) become U+FFFD, one for one, so columns stay aligned.
     */
    static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t' && c != '\n' || c == 0x7F || c >= 0x80 && c < 0xA0 || c == '\u2028' || c == '\u2029'
                    || Character.isHighSurrogate(c) && (i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1)))
                    || Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
            if (bad && sb == null) {
                sb = new StringBuilder(s);
            }
            if (bad) {
                sb.setCharAt(i, '\uFFFD');
            }
        }
        return sb == null ? s : sb.toString();
    }

    private String paint(String ansi, String text) {
        return color ? ansi + text + RESET : text;
    }
}
