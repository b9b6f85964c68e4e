package io.pgsafety.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.analysis.Migration.Kind;
import io.pgsafety.core.analysis.Migration.TransactionMode;
import io.pgsafety.core.analysis.Migration.UndoStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MigrationReaderTest {

    static final Path INPUTS = Path.of("src/test/resources/inputs");

    /** The runs of {@code files}, all found through one PATH argument. */
    private static List<List<Migration>> runs(String undoPrefix, Path... files) throws Exception {
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(new SourceFile(file.toString().replace('\\', '/'), file, Files.readString(file), 0));
        }
        return new MigrationReader(undoPrefix).runs(sources);
    }

    /** The migrations of {@code files} in run order. */
    private static List<Migration> read(String undoPrefix, Path... files) throws Exception {
        return runs(undoPrefix, files).stream().flatMap(List::stream).toList();
    }

    private static List<Migration> read(Path... files) throws Exception {
        return read("U", files);
    }

    /** Line {@code n} of the file as the migration places it. */
    private static String fileLine(Migration m, int n) {
        return m.sql().split("\n", -1)[n - m.firstLine()];
    }

    @Test
    void flywayVersionedScriptsPairWithUndoScriptsOfTheSameVersion() throws Exception {
        Path dir = INPUTS.resolve("flyway");
        List<Migration> ms = read(dir.resolve("U1__create_orders.sql"), dir.resolve("V1_1__orders_customer_index.sql"),
                dir.resolve("V1__create_orders.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::version, Migration::undo, Migration::transactionMode)
                .containsExactly(
                        tuple(Kind.UP, "1", UndoStatus.PRESENT, TransactionMode.WRAPPED_EXCEPT_CONCURRENT),
                        tuple(Kind.UP, "1.1", UndoStatus.MISSING, TransactionMode.WRAPPED_EXCEPT_CONCURRENT),
                        tuple(Kind.DOWN, "1", UndoStatus.NOT_APPLICABLE, TransactionMode.WRAPPED_EXCEPT_CONCURRENT));
    }

    @Test
    void flywayVersionsCompareNumericallyAndUndoPrefixIsConfigurable(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V01_0__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("Undo1__a.sql"), "SELECT 1;");
        Files.writeString(dir.resolve("R__view.sql"), "SELECT 1;");
        List<Migration> ms = read("Undo", dir.resolve("V01_0__a.sql"), dir.resolve("Undo1__a.sql"),
                dir.resolve("R__view.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::undo).containsExactly(
                tuple(Kind.UP, UndoStatus.PRESENT), tuple(Kind.REPEATABLE, UndoStatus.NOT_APPLICABLE),
                tuple(Kind.DOWN, UndoStatus.NOT_APPLICABLE));
    }

    @Test
    void flywayScriptConfigCanTurnTheTransactionOff(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("V2__idx.sql"), "CREATE INDEX CONCURRENTLY i ON t (c);");
        Files.writeString(dir.resolve("V2__idx.sql.conf"), "executeInTransaction = false\n");
        assertThat(read(dir.resolve("V2__idx.sql")).get(0).transactionMode()).isEqualTo(TransactionMode.AUTOCOMMIT);
    }

    @Test
    void otherSqlIsPlain() throws Exception {
        Migration m = read(INPUTS.resolve("plain/a.sql")).get(0);
        assertThat(m.kind()).isEqualTo(Kind.PLAIN);
        assertThat(m.transactionMode()).isEqualTo(TransactionMode.AUTOCOMMIT);
        assertThat(m.firstLine()).isEqualTo(1);
    }

    @Test
    void gooseUpAndDownAreSeparateMigrationsOnTheirOwnLines() throws Exception {
        List<Migration> ms = read(INPUTS.resolve("goose/20240101000000_in_tx.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::transactionMode, Migration::undo, Migration::firstLine)
                .containsExactly(tuple(Kind.UP, TransactionMode.WRAPPED, UndoStatus.PRESENT, 2),
                        tuple(Kind.DOWN, TransactionMode.WRAPPED, UndoStatus.NOT_APPLICABLE, 8));
        assertThat(fileLine(ms.get(0), 5)).isEqualTo("CREATE INDEX CONCURRENTLY orders_id_idx ON orders (id);");
        assertThat(ms.get(0).sql()).doesNotContain("DROP");
        assertThat(fileLine(ms.get(1), 9)).isEqualTo("DROP TABLE t;");
        assertThat(ms.get(0).version()).isEqualTo("20240101000000");
    }

    @Test
    void gooseNoTransactionAndEmptyDown() throws Exception {
        List<Migration> ms = read(INPUTS.resolve("goose/20240102000000_no_tx.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::transactionMode, Migration::undo, Migration::firstLine)
                .containsExactly(tuple(Kind.UP, TransactionMode.AUTOCOMMIT, UndoStatus.MISSING, 3));
    }

    @Test
    void dbmateTransactionOptionIsPerSection() throws Exception {
        List<Migration> ms = read(INPUTS.resolve("dbmate/20240101000000_index.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::transactionMode, Migration::undo, Migration::firstLine)
                .containsExactly(tuple(Kind.UP, TransactionMode.AUTOCOMMIT, UndoStatus.PRESENT, 2),
                        tuple(Kind.DOWN, TransactionMode.WRAPPED, UndoStatus.NOT_APPLICABLE, 5));
    }

    @Test
    void dieselPairsWithMetadata() throws Exception {
        Path noTx = INPUTS.resolve("diesel/2024-01-01-000000_no_tx");
        Path inTx = INPUTS.resolve("diesel/2024-01-02-000000_in_tx");
        List<Migration> ms = read(noTx.resolve("down.sql"), noTx.resolve("up.sql"), inTx.resolve("up.sql"));
        assertThat(ms).extracting(Migration::kind, Migration::transactionMode, Migration::undo, Migration::version)
                .containsExactly(
                        tuple(Kind.UP, TransactionMode.AUTOCOMMIT, UndoStatus.PRESENT, "2024-01-01-000000"),
                        tuple(Kind.UP, TransactionMode.WRAPPED, UndoStatus.MISSING, "2024-01-02-000000"),
                        tuple(Kind.DOWN, TransactionMode.AUTOCOMMIT, UndoStatus.NOT_APPLICABLE, "2024-01-01-000000"));
    }

    @Test
    void liquibaseFormattedSqlChangesetsAndRollbacks() throws Exception {
        Path file = INPUTS.resolve("liquibase/changelog.sql");
        List<Migration> ms = read(file);
        String path = file.toString().replace('\\', '/');
        assertThat(ms).extracting(Migration::name, Migration::kind, Migration::transactionMode, Migration::undo,
                Migration::firstLine).containsExactly(
                tuple(path + "::1::alice", Kind.UP, TransactionMode.WRAPPED, UndoStatus.PRESENT, 4),
                tuple(path + "::2::alice", Kind.UP, TransactionMode.AUTOCOMMIT, UndoStatus.PRESENT, 8),
                tuple(path + "::3::Bob Smith", Kind.UP, TransactionMode.WRAPPED, UndoStatus.MISSING, 12),
                tuple(path + "::5::dave", Kind.UP, TransactionMode.WRAPPED, UndoStatus.PRESENT, 20),
                tuple(path + "::5::dave", Kind.DOWN, TransactionMode.WRAPPED, UndoStatus.NOT_APPLICABLE, 20),
                tuple(path + "::2::alice", Kind.DOWN, TransactionMode.AUTOCOMMIT, UndoStatus.NOT_APPLICABLE, 8),
                tuple(path + "::1::alice", Kind.DOWN, TransactionMode.WRAPPED, UndoStatus.NOT_APPLICABLE, 4));
        assertThat(fileLine(ms.get(1), 8)).isEqualTo("CREATE INDEX CONCURRENTLY a_idx ON a (id);");
        assertThat(fileLine(ms.get(1), 9)).isEmpty();
        assertThat(fileLine(ms.get(5), 9)).isEqualTo("           DROP INDEX CONCURRENTLY a_idx;");
        assertThat(fileLine(ms.get(5), 8)).isEmpty();
        assertThat(ms.get(4).sql()).contains("BEGIN;").doesNotContain("SELECT 1");
    }

    @Test
    void plainFilesAreRunsOfTheirOwnAndToolMigrationsOneRunInApplyOrder(@TempDir Path dir) throws Exception {
        for (String name : List.of("V10__c.sql", "V2__b.sql", "R__view.sql", "U2__b.sql", "U10__c.sql", "seed.sql",
                "V1_9__a.sql")) {
            Files.writeString(dir.resolve(name), "SELECT 1;");
        }
        List<List<Migration>> runs = runs("U", dir.resolve("R__view.sql"), dir.resolve("U10__c.sql"),
                dir.resolve("U2__b.sql"), dir.resolve("V10__c.sql"), dir.resolve("V1_9__a.sql"), dir.resolve("V2__b.sql"),
                dir.resolve("seed.sql"));
        assertThat(runs).hasSize(2);
        assertThat(runs.get(0)).extracting(Migration::kind).containsExactly(Kind.PLAIN);
        assertThat(runs.get(1)).extracting(m -> m.path().substring(m.path().lastIndexOf('/') + 1)).containsExactly(
                "V1_9__a.sql", "V2__b.sql", "V10__c.sql", "R__view.sql", "U10__c.sql", "U2__b.sql");
    }

    @Test
    void flywayVersionNormalisation() {
        assertThat(MigrationReader.normalizeVersion("1_01")).isEqualTo("1.1");
        assertThat(MigrationReader.normalizeVersion("2.0.0")).isEqualTo("2");
        assertThat(MigrationReader.normalizeVersion("0")).isEqualTo("0");
        assertThat(MigrationReader.normalizeVersion("2_10")).isEqualTo("2.10");
        assertThat(MigrationReader.compareVersions("2.10", "2.9")).isPositive();
        assertThat(MigrationReader.compareVersions("2", "2.1")).isNegative();
    }
}
