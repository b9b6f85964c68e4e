package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.pgsafety.core.analysis.AnalysisResult;
import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's examples besides its first command, as written there. */
class ReadmeExamplesTest {

    @Test
    void lintBlocksTheUnsafeDemoHistoryAndPassesItsFixedVersion() throws Exception {
        Path root = Repository.root();
        assumeTrue(Files.exists(root.resolve("safety-cli/target/safety-cli.jar")), "safety-cli.jar not built (mvn package)");

        Run unsafe = run(root, "java -jar safety-cli/target/safety-cli.jar lint examples/lint-demo/unsafe");
        Run safe = run(root, "java -jar safety-cli/target/safety-cli.jar lint examples/lint-demo/safe");

        assertThat(unsafe.exitCode()).as(unsafe.output()).isEqualTo(1);
        assertThat(unsafe.output()).contains("error[create-index-non-concurrent]", "error[add-foreign-key-validated]");
        assertThat(safe.exitCode()).as(safe.output()).isZero();
    }

    @Test
    void anAllowCommentWithAReasonAcceptsTheFinding() {
        String sql = """
                -- safety:allow create-index-non-concurrent reason="lookup table, 40 rows in every environment"
                CREATE INDEX countries_code_idx ON countries (code);
                """;

        AnalysisResult result = new Analyzer(SafetyConfig.defaults(), Catalog.NONE)
                .analyze(List.of(Migration.builder("countries.sql", sql).build()));

        assertThat(result.hasBlocking()).isFalse();
        assertThat(result.findings()).singleElement().satisfies(finding -> {
            assertThat(finding.rule()).isEqualTo("create-index-non-concurrent");
            assertThat(finding.allowed()).isTrue();
            assertThat(finding.reason()).isEqualTo("lookup table, 40 rows in every environment");
        });
    }

    private record Run(int exitCode, String output) {}

    private static Run run(Path dir, String command) throws Exception {
        Process process = new ProcessBuilder("bash", "-c", command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Run(process.waitFor(), output);
    }
}
