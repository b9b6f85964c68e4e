package io.pgsafety.core.report;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.rules.Severity;
import java.io.IOException;

/**
 * GitHub Actions workflow commands: one {@code ::error}/{@code ::warning} annotation per finding,
 * {@code ::notice} for allowed ones.
 */
public final class GithubReporter implements Reporter {

    @Override
    public void write(AnalysisResult result, Appendable out) throws IOException {
        for (Finding f : result.findings()) {
            String command = f.allowed() ? "notice" : f.severity() == Severity.ERROR ? "error" : "warning";
            out.append("::").append(command)
                    .append(" file=").append(property(f.file()))
                    .append(",line=").append(Integer.toString(f.line()))
                    .append(",col=").append(Integer.toString(f.column()));
            if (f.endLine() >= f.line() && f.endColumn() > 0) {
                out.append(",endLine=").append(Integer.toString(f.endLine()))
                        .append(",endColumn=").append(Integer.toString(f.endColumn()));
            }
            out.append(",title=").append(property(f.allowed() ? f.rule() + " (allowed)" : f.rule()))
                    .append("::").append(data(message(f))).append('\n');
        }
    }

    private static String message(Finding f) {
        StringBuilder sb = new StringBuilder();
        if (f.allowed()) {
            sb.append("Allowed: ").append(f.reason() == null ? "(no reason given)" : f.reason()).append("\n\n");
        }
        sb.append(f.message() == null ? f.rule() : f.message().strip());
        if (f.safeAlternative() != null && !f.safeAlternative().isBlank()) {
            sb.append("\n\nSafe alternative:\n").append(f.safeAlternative().strip());
        }
        return sb.toString();
    }

    /** Escapes a command's message as the runner unescapes it. */
    static String data(String s) {
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A");
    }

    /** Escapes a command property value; {@code :} and {@code ,} would end it early. */
    static String property(String s) {
        return data(s).replace(":", "%3A").replace(",", "%2C");
    }
}
