package io.pgsafety.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end, in process. */
class CliTest {

    private static final String INPUTS = "src/test/resources/inputs";
    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void helpAndVersion() {
        CliRun help = run("lint", "--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("usage: safety lint [options] PATH...", "--format text|json|sarif|github");
        CliRun version = run("--version");
        assertThat(version.status()).isZero();
        assertThat(version.out()).matches("safety \\S+\n");
    }

    @Test
    void badUsageExitsTwoWithOneLine() {
        assertThat(run().err()).isEqualTo("safety: no command given (usage: safety lint [options] PATH...)\n");
        assertThat(run("check", "x").err()).startsWith("safety: unknown command 'check'");
        CliRun noPath = run("lint");
        assertThat(noPath.status()).isEqualTo(2);
        assertThat(noPath.err()).startsWith("safety: no PATH given");
        CliRun badOption = run("lint", "--colour", INPUTS);
        assertThat(badOption.status()).isEqualTo(2);
        assertThat(badOption.err()).isEqualTo("safety: unknown option '--colour' (see --help)\n");
        assertThat(run("lint", "--format", "xml", INPUTS).err()).startsWith("safety: unknown format 'xml' for --format");
        assertThat(run("lint", INPUTS, "--format").err()).isEqualTo("safety: --format needs a value\n");
        assertThat(run("lint", "--pg-version", "banana", INPUTS).err())
                .startsWith("safety: Invalid value for --pg-version: 'banana'");
        CliRun missing = run("lint", "no/such/dir");
        assertThat(missing.status()).isEqualTo(2);
        assertThat(missing.err()).isEqualTo("safety: no/such/dir: no such file or directory\n");
    }

    @Test
    void unknownRuleIdIsNamed() {
        CliRun r = run("lint", "--rule", "create-index-everywhere=off", INPUTS + "/plain");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("safety: unknown rule 'create-index-everywhere' in --rule create-index-everywhere=off\n");
        assertThat(run("lint", "--rule=missing-undo=loud", INPUTS + "/plain").err())
                .startsWith("safety: invalid severity in --rule missing-undo=loud");
    }

    @Test
    void badConfigKeyIsNamed(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("safety.properties");
        Files.writeString(config, "safety.pgVersion=15\nsafety.lockTimout=2s\n");
        CliRun r = run("lint", "--config", config.toString(), INPUTS + "/plain");
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("safety: " + config + ": Unknown configuration key safety.lockTimout");
        Files.writeString(config, "pgVersion=15\n");
        assertThat(run("lint", "--config", config.toString(), INPUTS + "/plain").err())
                .startsWith("safety: " + config + ": unknown configuration key pgVersion");
        assertThat(run("lint", "--config", dir.resolve("absent.properties").toString(), INPUTS + "/plain").err())
                .startsWith("safety: " + dir.resolve("absent.properties") + ": cannot read config file");
    }

    @Test
    void configFileAndRuleOptionsChangeTheVerdict(@TempDir Path dir) throws Exception {
        String flyway = INPUTS + "/flyway";
        CliRun strict = run("lint", "--format", "json", flyway);
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.findings()).containsExactly("V1_1__orders_customer_index.sql:2:missing-undo");
        assertThat(run("lint", "--rule", "missing-undo=warning", flyway).status()).isZero();
        Path config = dir.resolve("safety.properties");
        Files.writeString(config, "# lint settings\nsafety.requireUndo=false\n");
        CliRun relaxed = run("lint", "--format", "json", "--config", config.toString(), flyway);
        assertThat(relaxed.status()).isZero();
        assertThat(relaxed.findings()).isEmpty();
    }

    @Test
    void invalidUtf8IsReportedWithItsOffset(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("V1__bad.sql");
        Files.write(file, new byte[] {'S', 'E', 'L', 'E', 'C', 'T', ' ', '\'', (byte) 0xC3, '(', '\'', ';'});
        CliRun r = run("lint", file.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).isEqualTo("safety: " + file + ": not valid UTF-8 (byte offset 8)\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void aByteOrderMarkAndAGenuineReplacementCharacterAreFine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bom.sql");
        Files.writeString(file, "\uFEFFSELECT '\uFFFD';\n", StandardCharsets.UTF_8);
        CliRun r = run("lint", "--format", "json", file.toString());
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"statements\": 1,");
    }

    @Test
    void findingsPointAtTheFileLinesOfEachFormat() {
        CliRun r = run("lint", "--format", "json", INPUTS + "/goose", INPUTS + "/dbmate", INPUTS + "/diesel",
                INPUTS + "/liquibase");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isEqualTo(1);
        // the rules that depend on how each tool wraps transactions and pairs down migrations
        List<String> txRules = List.of("concurrently-in-transaction", "transaction-control", "missing-undo",
                "statements-after-access-exclusive");
        assertThat(r.findings()).filteredOn(f -> txRules.contains(f.substring(f.lastIndexOf(':') + 1))).containsExactly(
                "20240101000000_in_tx.sql:5:concurrently-in-transaction",
                "20240101000000_in_tx.sql:9:statements-after-access-exclusive",
                "20240102000000_no_tx.sql:3:missing-undo",
                "20240101000000_index.sql:5:concurrently-in-transaction",
                "up.sql:2:concurrently-in-transaction",
                "up.sql:2:missing-undo",
                "changelog.sql:12:concurrently-in-transaction",
                "changelog.sql:12:missing-undo",
                "changelog.sql:21:transaction-control",
                "changelog.sql:22:concurrently-in-transaction",
                "changelog.sql:23:transaction-control");
    }

    @Test
    void directoriesAreSearchedRecursivelyInPathOrder() {
        CliRun r = run("lint", "--format", "json", INPUTS + "/plain");
        assertThat(r.out()).contains("\"files\": 4,", "\"statements\": 7,");
        assertThat(r.findings()).containsExactly("a.sql:1:unparsed-statement", "b.sql:2:unparsed-statement",
                "c.sql:1:unparsed-statement", "explicit_tx.sql:2:concurrently-in-transaction");
        CliRun text = run("lint", INPUTS + "/plain/nested", INPUTS + "/plain");
        assertThat(text.out()).endsWith("1 error, 3 warnings, 0 allowed in 4 files (7 statements)\n");
    }

    @Test
    void symlinkLoopsEndTheWalk(@TempDir Path dir) throws Exception {
        Path sub = Files.createDirectories(dir.resolve("db"));
        Files.writeString(sub.resolve("a.sql"), "SELECT 1;\n");
        try {
            Files.createSymbolicLink(sub.resolve("loop"), dir);
        } catch (UnsupportedOperationException | java.io.IOException e) {
            org.junit.jupiter.api.Assumptions.abort("no symbolic links here: " + e);
        }
        CliRun r = run("lint", "--format", "json", dir.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("\"files\": 1,");
    }

    @Test
    void everyFormat() {
        String flyway = INPUTS + "/flyway";
        CliRun text = run("lint", flyway);
        assertThat(text.out()).startsWith(INPUTS + "/flyway/V1_1__orders_customer_index.sql:2:1: error[missing-undo] ")
                .contains("2 | CREATE INDEX CONCURRENTLY orders_customer_idx ON orders (customer_id);\n  | ^^^^")
                .endsWith("1 error, 0 warnings, 0 allowed in 3 files (3 statements)\n")
                .doesNotContain("\u001b[");
        CliRun json = run("lint", "--format", "json", flyway);
        assertThat(json.out()).startsWith("{\n  \"tool\": \"safety\",\n  \"version\": ")
                .contains("\"file\": \"" + INPUTS + "/flyway/V1_1__orders_customer_index.sql\"");
        CliRun sarif = run("lint", "--format=sarif", flyway);
        assertThat(sarif.out()).contains("\"version\": \"2.1.0\"", "\"ruleId\": \"missing-undo\"",
                "\"uri\": \"" + INPUTS + "/flyway/V1_1__orders_customer_index.sql\"");
        CliRun github = run("lint", "--format", "github", flyway);
        assertThat(github.out()).startsWith("::error file=" + INPUTS + "/flyway/V1_1__orders_customer_index.sql,line=2,"
                + "col=1,").contains(",title=missing-undo::");
        assertThat(List.of(text, json, sarif, github)).allMatch(r -> r.status() == 1 && r.err().isEmpty());
    }

    @Test
    void strictMakesUnparsedStatementsErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("odd.sql");
        Files.writeString(file, "FROBNICATE THE DATABASE;\n");
        CliRun lenient = run("lint", "--format", "json", file.toString());
        assertThat(lenient.status()).isZero();
        assertThat(lenient.out()).contains("\"rule\": \"unparsed-statement\",\n      \"severity\": \"warning\"");
        CliRun strict = run("lint", "--strict", "--format", "json", file.toString());
        assertThat(strict.status()).isEqualTo(1);
        assertThat(strict.out()).contains("\"rule\": \"unparsed-statement\",\n      \"severity\": \"error\"");
    }

    @Test
    void colourOnlyForTextOnATerminal() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Main.run(new String[] {"lint", INPUTS + "/flyway"}, out, new ByteArrayOutputStream(), true);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("\u001b[1;31merror[missing-undo]\u001b[0m");
        out.reset();
        Main.run(new String[] {"lint", "--format", "json", INPUTS + "/flyway"}, out, new ByteArrayOutputStream(), true);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain("\u001b[");
    }

    @Test
    void reportFileGetsTheJsonReportToo(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("safety.properties");
        Path report = dir.resolve("report.json");
        Files.writeString(config, "safety.reportFile=" + report.toString().replace("\\", "\\\\") + "\n");
        CliRun r = run("lint", "--config", config.toString(), INPUTS + "/flyway");
        assertThat(r.status()).isEqualTo(1);
        assertThat(Files.readString(report)).contains("\"rule\": \"missing-undo\"");
    }
}
