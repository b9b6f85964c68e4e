package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.testing.EmbeddedDatabase;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The analyzer against a real server: how often it reads the catalog, and what a run keeps in scope. */
class AnalyzerLiveCatalogTest {

    private static final int EXISTING_TABLES = 25;

    private static EmbeddedDatabase postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = EmbeddedDatabase.start();
        StringBuilder schema = new StringBuilder();
        for (int t = 0; t < EXISTING_TABLES; t++) {
            schema.append("CREATE TABLE e").append(t).append(" (id bigint PRIMARY KEY, note text);\n")
                    .append("INSERT INTO e").append(t).append(" SELECT g, 'n' FROM generate_series(1, 100) g;\n")
                    .append("CREATE INDEX e").append(t).append("_note_idx ON e").append(t).append(" (note);\n");
        }
        try (Connection c = postgres.connect()) {
            EmbeddedDatabase.execute(c, schema.toString());
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    @Test
    void aFlywayLikeRunOfManyMigrationsReadsItsRelationsInOneQuery() throws SQLException {
        List<Migration> migrations = versionedAndUndoPairs(100);
        AtomicInteger relationQueries = new AtomicInteger();
        try (Connection c = postgres.connect()) {
            JdbcCatalog catalog = new JdbcCatalog(countingRelationQueries(c, relationQueries));

            AnalysisResult result = new Analyzer(SafetyConfig.defaults(), catalog).analyze(migrations);

            assertThat(result.files()).isEqualTo(200);
            assertThat(catalog.warnings()).isEmpty();
            assertThat(result.findings()).filteredOn(f -> f.rule().equals("drop-index-non-concurrent"))
                    .as("each existing index dropped, on its table as the catalog knows it").hasSize(EXISTING_TABLES)
                    .allSatisfy(f -> assertThat(f.object()).startsWith("public.e"));
            assertThat(relationQueries).hasValue(1);
        }
    }

    @Test
    void relationsTheRunCreatesBeforeNamingThemAreNotRead() throws SQLException {
        AtomicInteger relationQueries = new AtomicInteger();
        try (Connection c = postgres.connect()) {
            new Analyzer(SafetyConfig.defaults(), new JdbcCatalog(countingRelationQueries(c, relationQueries)))
                    .analyze(List.of(
                            versioned("V1", "CREATE TABLE fresh (id bigint PRIMARY KEY, note text)"),
                            versioned("V2", "ALTER TABLE fresh ADD COLUMN extra text"),
                            versioned("V3", "CREATE INDEX CONCURRENTLY fresh_note ON fresh (note)"),
                            undo("U3", "DROP INDEX CONCURRENTLY fresh_note")));
            assertThat(relationQueries).hasValue(0);
        }
    }

    @Test
    void aSecondRunOnTheSameCatalogReadsOnlyRelationsNotReadBefore() throws SQLException {
        AtomicInteger relationQueries = new AtomicInteger();
        try (Connection c = postgres.connect()) {
            Analyzer analyzer = new Analyzer(SafetyConfig.defaults(),
                    new JdbcCatalog(countingRelationQueries(c, relationQueries)));
            analyzer.analyze(List.of(versioned("V1", "ALTER TABLE e1 ADD COLUMN extra text")));
            analyzer.analyze(List.of(versioned("U1", "ALTER TABLE e1 DROP COLUMN extra")));
            assertThat(relationQueries).hasValue(1);
        }
    }

    /** Liquibase's pre-flight: the update, then its rollback (which drops what the update created) as a run of its own. */
    @Test
    void runsAnalysedTogetherReadTheCatalogInOneQuery() throws SQLException {
        AtomicInteger relationQueries = new AtomicInteger();
        try (Connection c = postgres.connect()) {
            AnalysisResult result = new Analyzer(SafetyConfig.defaults(),
                    new JdbcCatalog(countingRelationQueries(c, relationQueries))).analyzeEach(List.of(
                            List.of(versioned("V1", "CREATE TABLE made_here (id int); CREATE INDEX e2_id_idx ON e2 (id);")),
                            List.of(undo("U1", "DROP TABLE made_here; DROP INDEX e2_note_idx;"))));

            assertThat(relationQueries).as("made_here is new to the first run, not to the second").hasValue(1);
            assertThat(result.findings()).extracting(f -> f.migration() + " " + f.rule())
                    .contains("V1 create-index-non-concurrent", "U1 drop-index-non-concurrent");
        }
    }

    @Test
    void anUndoDoesNotTakeBackWhatTheFollowingVersionSeesAsCreatedInThisRun() throws SQLException {
        List<Migration> migrations = List.of(
                versioned("V1", "CREATE TABLE t0 (id int); CREATE INDEX t0_id_idx ON t0 (id);"),
                undo("U1", "DROP INDEX t0_id_idx; DROP TABLE t0;"),
                versioned("V2", "DROP INDEX t0_id_idx;"));
        try (Connection c = postgres.connect()) {
            AnalysisResult result = new Analyzer(SafetyConfig.defaults(), new JdbcCatalog(c)).analyze(migrations);

            assertThat(result.findings()).filteredOn(f -> f.rule().equals("drop-index-non-concurrent"))
                    .as("t0_id_idx was created by V1, which V2 follows; U1 is not run in between").isEmpty();
        }
    }

    @Test
    void consecutiveUndosChainTheirScope() throws SQLException {
        List<Migration> rollbacks = List.of(
                undo("U2", "CREATE TABLE t1 (id int); CREATE INDEX t1_id_idx ON t1 (id);"),
                undo("U1", "DROP INDEX t1_id_idx;"));
        try (Connection c = postgres.connect()) {
            AnalysisResult result = new Analyzer(SafetyConfig.defaults(), new JdbcCatalog(c)).analyze(rollbacks);

            assertThat(result.findings()).filteredOn(f -> f.rule().equals("drop-index-non-concurrent")).isEmpty();
        }
    }

    /**
     * V/U pairs as Flyway's pre-flight hands them over: each version creates a table, alters,
     * fills or indexes an existing one, and its undo takes that back (an index undo also drops
     * an index that existed before, whose table only the catalog knows).
     */
    private static List<Migration> versionedAndUndoPairs(int versions) {
        List<Migration> migrations = new ArrayList<>();
        for (int v = 1; v <= versions; v++) {
            String table = "e" + (v % EXISTING_TABLES);
            String forward;
            String back;
            switch (v % 4) {
                case 0 -> {
                    forward = "CREATE TABLE t" + v + " (id bigint PRIMARY KEY, e_id bigint REFERENCES " + table + ");";
                    back = "DROP TABLE t" + v + ";";
                }
                case 1 -> {
                    forward = "ALTER TABLE " + table + " ADD COLUMN c" + v + " text;";
                    back = "ALTER TABLE " + table + " DROP COLUMN c" + v + ";";
                }
                case 2 -> {
                    forward = "INSERT INTO " + table + " (id, note) VALUES (" + (1000 + v) + ", 'v');";
                    back = "DELETE FROM " + table + " WHERE id = " + (1000 + v) + ";";
                }
                default -> {
                    forward = "CREATE INDEX CONCURRENTLY " + table + "_i" + v + " ON " + table + " (note, id);";
                    back = "DROP INDEX CONCURRENTLY " + table + "_i" + v + ";\nDROP INDEX "
                            + table + "_note_idx;";
                }
            }
            migrations.add(versioned("V" + v, forward));
            migrations.add(undo("U" + v, back));
        }
        return migrations;
    }

    private static Migration versioned(String name, String sql) {
        return Migration.builder(name + "__m.sql", sql).name(name).kind(Migration.Kind.UP)
                .transactionMode(Migration.TransactionMode.WRAPPED_EXCEPT_CONCURRENT).build();
    }

    private static Migration undo(String name, String sql) {
        return Migration.builder(name + "__m.sql", sql).name(name).kind(Migration.Kind.DOWN)
                .transactionMode(Migration.TransactionMode.WRAPPED_EXCEPT_CONCURRENT).build();
    }

    /** {@code connection}, counting the relation reads of {@link JdbcCatalog} it prepares. */
    private static Connection countingRelationQueries(Connection connection, AtomicInteger count) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("prepareStatement") && args[0] instanceof String sql
                            && sql.contains("to_regclass")) {
                        count.incrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
