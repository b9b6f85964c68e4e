package io.pgsafety.core.report;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.rules.RuleInfo;
import io.pgsafety.core.rules.RuleRegistry;
import io.pgsafety.core.rules.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * SARIF 2.1.0 for GitHub code scanning. The driver lists the rules the findings refer to; allowed
 * findings are results with an in-source suppression carrying the reason. SARIF regions end at an
 * exclusive column, findings at an inclusive one.
 */
public final class SarifReporter implements Reporter {

    private static final String SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json";

    private final Function<String, RuleInfo> rules;

    public SarifReporter() {
        this(RegisteredRules.INSTANCE);
    }

    SarifReporter(Function<String, RuleInfo> rules) {
        this.rules = rules;
    }

    @Override
    public void write(AnalysisResult result, Appendable out) throws IOException {
        Map<String, Integer> ruleIndex = new LinkedHashMap<>();
        for (Finding f : result.findings()) {
            ruleIndex.putIfAbsent(f.rule(), ruleIndex.size());
        }
        JsonWriter json = new JsonWriter(out);
        json.beginObject()
                .name("$schema").value(SCHEMA)
                .name("version").value("2.1.0")
                .name("runs").beginArray().beginObject()
                .name("tool").beginObject().name("driver").beginObject()
                .name("name").value(Tool.NAME)
                .name("informationUri").value(Tool.INFORMATION_URI)
                .name("version").value(Tool.version())
                .name("rules").beginArray();
        for (String id : ruleIndex.keySet()) {
            writeRule(json, id, rules.apply(id));
        }
        json.endArray().endObject().endObject();
        json.name("results").beginArray();
        for (Finding f : result.findings()) {
            writeResult(json, f, ruleIndex.get(f.rule()));
        }
        json.endArray().endObject().endArray().endObject().finish();
    }

    private static void writeRule(JsonWriter json, String id, RuleInfo info) throws IOException {
        String summary = info == null ? id : info.summary();
        json.beginObject()
                .name("id").value(id)
                .name("name").value(camelCase(id))
                .name("shortDescription").beginObject().name("text").value(summary).endObject()
                .name("fullDescription").beginObject().name("text").value(summary).endObject()
                .name("helpUri").value(RuleRegistry.docsUrl(id))
                .name("defaultConfiguration").beginObject()
                .name("level").value(info == null ? "warning" : level(info.severity())).endObject()
                .name("properties").beginObject().name("tags").beginArray()
                .value("postgresql").value("migration");
        if (info != null) {
            json.value(info.category().name().toLowerCase(Locale.ROOT));
        }
        json.endArray().endObject().endObject();
    }

    private static void writeResult(JsonWriter json, Finding f, int ruleIndex) throws IOException {
        json.beginObject()
                .name("ruleId").value(f.rule())
                .name("ruleIndex").value(ruleIndex)
                .name("level").value(level(f.severity()))
                .name("message").beginObject()
                .name("text").value(text(f, false))
                .name("markdown").value(text(f, true))
                .endObject()
                .name("locations").beginArray().beginObject()
                .name("physicalLocation").beginObject()
                .name("artifactLocation").beginObject().name("uri").value(uri(f.file())).endObject()
                .name("region").beginObject()
                .name("startLine").value(Math.max(1, f.line()))
                .name("startColumn").value(Math.max(1, f.column()));
        if (f.endLine() >= f.line() && f.endColumn() > 0) {
            json.name("endLine").value(f.endLine()).name("endColumn").value(f.endColumn() + 1);
        }
        json.endObject().endObject().endObject().endArray();
        if (f.allowed()) {
            json.name("suppressions").beginArray().beginObject()
                    .name("kind").value("inSource")
                    .name("justification").value(f.reason() == null ? "" : f.reason())
                    .endObject().endArray();
        }
        json.endObject();
    }

    private static String text(Finding f, boolean markdown) {
        StringBuilder sb = new StringBuilder(f.message() == null ? f.rule() : f.message().strip());
        if (f.lock() != null) {
            sb.append(markdown ? "\n\n**Lock:** " : "\n\nLock: ").append(f.lock().sql());
            if (f.object() != null) {
                sb.append(" on ").append(markdown ? "`" + f.object() + "`" : f.object());
            }
        }
        if (f.safeAlternative() != null && !f.safeAlternative().isBlank()) {
            sb.append(markdown ? "\n\n**Safe alternative:**\n\n```sql\n" : "\n\nSafe alternative:\n")
                    .append(f.safeAlternative().strip())
                    .append(markdown ? "\n```" : "");
        }
        return sb.toString();
    }

    private static String level(Severity severity) {
        return switch (severity) {
            case ERROR -> "error";
            case WARNING -> "warning";
            case OFF -> "none";
        };
    }

    /** {@code create-index-non-concurrent} → {@code CreateIndexNonConcurrent}. */
    private static String camelCase(String id) {
        StringBuilder sb = new StringBuilder();
        for (String part : id.split("-")) {
            if (!part.isEmpty()) {
                sb.append(Character.toUpperCase(part.charAt(0))).append(part, 1, part.length());
            }
        }
        return sb.toString();
    }

    /**
     * A relative path becomes a relative URI reference (forward slashes, reserved bytes
     * percent-encoded); an absolute one a {@code file:} URI.
     */
    static String uri(String path) {
        String p = path.replace('\\', '/');
        boolean absolute = p.startsWith("/") || p.matches("[A-Za-z]:/.*");
        StringBuilder sb = new StringBuilder(absolute ? (p.startsWith("/") ? "file://" : "file:///") : "");
        for (byte b : p.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "-._~/".indexOf(c) >= 0 || c == ':' && absolute) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
            }
        }
        return sb.toString();
    }
}
