package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafety.core.config.SafetyConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The whole analyzer over every SQL file of the shared real-world corpus, in each transaction
 * mode: no exception escapes and no rule fails on any statement.
 */
class AnalyzerCorpusTest {

    @Test
    void everyCorpusFileAnalysesWithoutARuleFailing() throws IOException {
        Path corpus = Path.of(System.getProperty("safety.corpus", "../../shared/corpus"));
        assumeTrue(Files.isDirectory(corpus), "corpus not found at " + corpus + "; skipped");
        List<Path> files;
        try (Stream<Path> s = Files.walk(corpus)) {
            files = s.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        List<String> failures = new ArrayList<>();
        int statements = 0;
        int findings = 0;
        for (Migration.TransactionMode mode : Migration.TransactionMode.values()) {
            List<Migration> migrations = new ArrayList<>();
            for (Path f : files) {
                String sql = new String(Files.readAllBytes(f), StandardCharsets.UTF_8);
                migrations.add(Migration.builder(corpus.relativize(f).toString(), sql)
                        .kind(Migration.Kind.UP).transactionMode(mode).undo(Migration.UndoStatus.MISSING).build());
            }
            AnalysisResult result = new Analyzer(SafetyConfig.defaults(), Catalog.NONE).analyze(migrations);
            statements = result.statements();
            findings += result.findings().size();
            result.findings().stream()
                    .filter(f -> f.rule().equals("unparsed-statement") && f.message().startsWith("Rule "))
                    .forEach(f -> failures.add(mode + " " + f.file() + ":" + f.line() + " " + f.message()));
        }
        System.out.printf("analyzer corpus: %d files, %d statements, %d findings over %d modes%n",
                files.size(), statements, findings, Migration.TransactionMode.values().length);
        assertThat(failures).as("rules that threw").isEmpty();
    }
}
