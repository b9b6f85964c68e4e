package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The pending list read from the history ({@link PendingFromHistory}) against Flyway's own
 * {@code info().pending()}, both taken at {@code BEFORE_MIGRATE} of the same {@code migrate}
 * (after Flyway validated, created the history table and baselined): the same scripts in the same
 * order wherever the fast path answers, and which histories and settings make it leave the answer
 * to Flyway.
 */
class PendingFromHistoryTest extends FlywayTestBase {

    /** Scripts and earlier migrates (pg-safety off) that make the history of a case. */
    @FunctionalInterface
    interface Setup {
        void apply(PendingFromHistoryTest test) throws Exception;
    }

    /** Answers the fast path (or nothing) and Flyway's pending list, then stops the migrate before it applies anything. */
    private static final class Recorder {
        Optional<List<String>> fast;
        List<String> flyway;

        void record(Context context) throws java.sql.SQLException {
            Configuration configuration = context.getConfiguration();
            fast = PendingFromHistory.read(configuration, PendingScripts.resources(configuration), context.getConnection(),
                    Placeholders.of(configuration, context.getConnection()), "U").map(PendingFromHistoryTest::names);
            flyway = names(PendingScripts.probed(configuration));
            throw new IllegalStateException("observed");
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                fast("fresh database", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V1_1__b.sql", "CREATE TABLE b (id int);");
                    t.script("V2__c.sql", "CREATE TABLE c (id int);");
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
                    t.script("U2__c.sql", "DROP TABLE c;");
                    t.script("beforeMigrate.sql", "SELECT 1;");
                    t.script("notes.txt", "not a migration");
                }, Map.of(), "V1__a.sql", "V1_1__b.sql", "V2__c.sql", "R__view.sql"),
                fast("partly applied", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("V10__c.sql", "CREATE TABLE c (id int);");
                    t.script("V3__d.sql", "CREATE TABLE d (id int);");
                }, Map.of(), "V3__d.sql", "V10__c.sql"),
                fast("nothing pending", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
                    t.migrateWithoutPlugin(Map.of());
                }, Map.of()),
                fast("repeatables unchanged, changed, new", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("R__same.sql", "CREATE OR REPLACE VIEW same AS SELECT 1 AS x;");
                    t.script("R__changed.sql", "CREATE OR REPLACE VIEW changed AS SELECT 1 AS x;");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("R__changed.sql", "CREATE OR REPLACE VIEW changed AS SELECT 2 AS x;");
                    t.script("R__added.sql", "CREATE OR REPLACE VIEW added AS SELECT 1 AS x;");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of(), "V2__b.sql", "R__added.sql", "R__changed.sql"),
                fast("repeatable changed back to an earlier text", t -> {
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 2 AS x;");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
                }, Map.of(), "R__view.sql"),
                fast("placeholders in repeatables, same values", t -> {
                    t.script("R__grants.sql", "CREATE OR REPLACE VIEW v_${suffix} AS SELECT '${flyway:defaultSchema}' AS s;");
                    t.script("R__file.sql", "CREATE OR REPLACE VIEW f AS SELECT '${flyway:filename}' AS s;");
                    t.migrateWithoutPlugin(Map.of("flyway.placeholders.suffix", "one"));
                }, Map.of("flyway.placeholders.suffix", "one")),
                fast("placeholders in repeatables, changed value", t -> {
                    t.script("R__grants.sql", "CREATE OR REPLACE VIEW v_${suffix} AS SELECT 1 AS x;");
                    t.script("R__other.sql", "CREATE OR REPLACE VIEW other AS SELECT 1 AS x;");
                    t.migrateWithoutPlugin(Map.of("flyway.placeholders.suffix", "one"));
                }, Map.of("flyway.placeholders.suffix", "two"), "R__grants.sql"),
                fast("placeholder replacement off in the script's .conf", t -> {
                    t.script("R__raw.sql", "CREATE OR REPLACE VIEW raw AS SELECT '${suffix}' AS x;");
                    t.script("R__raw.sql.conf", "placeholderReplacement=false\n");
                    t.migrateWithoutPlugin(Map.of("flyway.placeholders.suffix", "one"));
                }, Map.of("flyway.placeholders.suffix", "two")),
                fast("placeholder replacement off, repeatable applied with it on", t -> {
                    t.script("R__grants.sql", "CREATE OR REPLACE VIEW v_${suffix} AS SELECT 1 AS x;");
                    t.migrateWithoutPlugin(Map.of("flyway.placeholders.suffix", "one"));
                }, Map.of("flyway.placeholderReplacement", "false"), "R__grants.sql"),
                fast("baseline on migrate", t -> {
                    PostgresServer.execute(t.url, "CREATE TABLE existing (id int)");
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                    t.script("V3__c.sql", "CREATE TABLE c (id int);");
                    t.script("R__view.sql", "CREATE OR REPLACE VIEW v AS SELECT 1 AS x;");
                }, Map.of("flyway.baselineOnMigrate", "true", "flyway.baselineVersion", "2"), "V3__c.sql", "R__view.sql"),
                fast("second schema as default schema", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.migrateWithoutPlugin(Map.of("flyway.schemas", "other,more", "flyway.defaultSchema", "more"));
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.schemas", "other,more", "flyway.defaultSchema", "more"), "V2__b.sql"),
                fast("first of the schemas", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.migrateWithoutPlugin(Map.of("flyway.schemas", "other"));
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.schemas", "other"), "V2__b.sql"),
                fast("custom table name", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.migrateWithoutPlugin(Map.of("flyway.table", "Deploy History"));
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.table", "Deploy History"), "V2__b.sql"),
                fast("skipExecutingMigrations", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.skipExecutingMigrations", "true"), "V2__b.sql"),
                fast("validateOnMigrate off, a versioned script edited after it ran", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("V1__a.sql", "CREATE TABLE a (id bigint);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.validateOnMigrate", "false"), "V2__b.sql"),
                fast("explicit target latest", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                }, Map.of("flyway.target", "latest"), "V1__a.sql"),
                fallback("target", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                    t.script("V3__c.sql", "CREATE TABLE c (id int);");
                }, Map.of("flyway.target", "2")),
                fallback("outOfOrder", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V3__c.sql", "CREATE TABLE c (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.outOfOrder", "true")),
                fallback("a version below the highest applied, ignored", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V3__c.sql", "CREATE TABLE c (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                }, Map.of("flyway.ignoreMigrationPatterns", "*:ignored")),
                fallback("a Java migration", t -> t.script("V1__a.sql", "CREATE TABLE a (id int);"),
                        Map.of("flyway.javaMigrations", "")),
                fallback("a baseline migration", t -> {
                    t.script("B2__base.sql", "CREATE TABLE a (id int); CREATE TABLE b (id int);");
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                    t.script("V3__c.sql", "CREATE TABLE c (id int);");
                }, Map.of()),
                fallback("a script migration", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__shell.sh", "true\n");
                }, Map.of()),
                fallback("a deleted row in the history", t -> {
                    t.script("V1__a.sql", "CREATE TABLE a (id int);");
                    t.script("V2__b.sql", "CREATE TABLE b (id int);");
                    t.migrateWithoutPlugin(Map.of());
                    PostgresServer.execute(t.url, "INSERT INTO flyway_schema_history (installed_rank, version, description, type,"
                            + " script, checksum, installed_by, execution_time, success) SELECT 3, '2', 'b', 'DELETE', 'V2__b.sql',"
                            + " checksum, installed_by, 0, true FROM flyway_schema_history WHERE version = '2'");
                }, Map.of("flyway.validateOnMigrate", "false")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void fastPathAgreesWithFlywayOrLeavesItToFlyway(String name, Setup setup, Map<String, String> settings,
            boolean fastPath, List<String> expected) throws Exception {
        setup.apply(this);
        Recorder recorder = observe(settings);

        assertThat(recorder.fast.isPresent()).as("takes the fast path").isEqualTo(fastPath);
        recorder.fast.ifPresent(fast -> assertThat(fast).as("fast path").isEqualTo(recorder.flyway));
        if (fastPath) {
            assertThat(recorder.flyway).as("Flyway's pending list").isEqualTo(expected);
        }
    }

    @Test
    void javaMigrationsStillReachThePreflightAsNotAnalysable() throws Exception {
        script("V1__a.sql", "CREATE TABLE a (id int);");
        script("U1__a.sql", "DROP TABLE a;");

        assertThatThrownBy(() -> configure(Map.of("flyway.safety.strict", "true")).javaMigrations(new V5__JavaStep()).load()
                .migrate())
                .hasMessageContaining("V5__JavaStep")
                .hasMessageContaining("error[unparsed-statement]")
                .hasMessageContaining("(JDBC) is not SQL");
        assertThat(PostgresServer.queryString(url, "SELECT to_regclass('a')")).isNull();
    }

    private static Arguments fast(String name, Setup setup, Map<String, String> settings, String... pending) {
        return Arguments.of(name, setup, settings, true, List.of(pending));
    }

    private static Arguments fallback(String name, Setup setup, Map<String, String> settings) {
        return Arguments.of(name, setup, settings, false, List.of());
    }

    private Recorder observe(Map<String, String> settings) {
        Recorder recorder = new Recorder();
        Map<String, String> observed = new HashMap<>(settings);
        observed.put("flyway.safety.enabled", "false");
        boolean java = observed.remove("flyway.javaMigrations") != null;
        var configuration = configure(observed).callbacks(on(Event.BEFORE_MIGRATE, "pending-recorder", recorder::record));
        if (java) {
            configuration.javaMigrations(new V5__JavaStep());
        }
        assertThatThrownBy(() -> configuration.load().migrate()).hasStackTraceContaining("observed");
        assertThat(recorder.flyway).as("the recorder ran").isNotNull();
        return recorder;
    }

    private void migrateWithoutPlugin(Map<String, String> settings) {
        Map<String, String> map = new HashMap<>(settings);
        map.put("flyway.safety.enabled", "false");
        flyway(map).migrate();
    }

    private static List<String> names(List<PendingScripts.Pending> pending) {
        return pending.stream().map(PendingScripts.Pending::script).toList();
    }

    /** A Java migration: Flyway lists it among the pending ones; pg-safety cannot read it. */
    static final class V5__JavaStep extends BaseJavaMigration {
        @Override
        public void migrate(org.flywaydb.core.api.migration.Context context) {
        }
    }
}
