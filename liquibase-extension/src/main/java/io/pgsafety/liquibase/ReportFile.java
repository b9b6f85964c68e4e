package io.pgsafety.liquibase;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.report.JsonReporter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-flight's JSON report for {@code reportFile}, in the contract's format. Liquibase
 * findings are about changesets, not just files: {@code file} is the changelog, {@code line}
 * counts within the SQL the changeset generates, and each message starts with the changeset
 * ({@code file::id::author}, with {@code (rollback)} for its rollback SQL).
 */
final class ReportFile {

    private ReportFile() {}

    static void write(Path file, AnalysisResult result) throws IOException {
        List<Finding> named = new ArrayList<>();
        for (Finding f : result.findings()) {
            named.add(new Finding(f.file(), f.line(), f.column(), f.endLine(), f.endColumn(), f.rule(), f.severity(),
                    f.allowed(), f.reason(), f.object(), f.lock(), f.blocks(),
                    f.migration() + ": " + f.message(), f.safeAlternative(), f.migration()));
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            new JsonReporter().write(new AnalysisResult(result.files(), result.statements(), named, result.sources()), out);
        }
    }
}
