package io.pgsafety.test;

import static io.pgsafety.test.PostgresExtensionTest.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * What the extension does around a whole run (keeping server logs, seeding and dropping templates),
 * seen by running fixture classes through the JUnit launcher. The fixtures are nested classes,
 * which the build does not run by themselves.
 */
@WithPostgres
class ExtensionRunTest {

    @WithPostgres
    static class FailingFixture {
        @Test
        void passes(TestDatabase database) throws SQLException {
            execute(database, "CREATE TABLE not_kept (id int)");
        }

        @Test
        void fails(TestDatabase database) throws SQLException {
            execute(database, "CREATE TABLE kept_in_the_log (id int)");
            execute(database, "SELECT * FROM no_such_table");
        }
    }

    @Test
    void aFailingTestPrintsAndKeepsWhatTheServerLoggedDuringIt(@TempDir Path logs) throws IOException {
        String previous = System.getProperty(PostgresExtension.LOG_DIR_PROPERTY);
        System.setProperty(PostgresExtension.LOG_DIR_PROPERTY, logs.toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        TestExecutionSummary summary;
        try {
            summary = run(FailingFixture.class);
        } finally {
            System.setErr(stderr);
            restore(PostgresExtension.LOG_DIR_PROPERTY, previous);
        }

        assertThat(summary.getTestsSucceededCount()).isEqualTo(1);
        assertThat(summary.getTestsFailedCount()).isEqualTo(1);
        List<Path> kept;
        try (Stream<Path> files = Files.list(logs)) {
            kept = files.toList();
        }
        assertThat(kept).singleElement().satisfies(file -> {
            assertThat(file.getFileName()).hasToString("io.pgsafety.test.ExtensionRunTest_FailingFixture.fails.log");
            assertThat(Files.readString(file)).contains("CREATE TABLE kept_in_the_log",
                    "ERROR:  relation \"no_such_table\" does not exist").doesNotContain("not_kept");
        });
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("log during io.pgsafety.test.ExtensionRunTest$FailingFixture.fails (all of it in " + kept.get(0))
                .contains("ERROR:  relation \"no_such_table\" does not exist");
    }

    static final AtomicInteger TEST_DATABASES_DURING_RUN = new AtomicInteger();

    @WithPostgres(init = "classpath:seed/audit.sql")
    static class SeededFixture {
        @Test
        void seeded(TestDatabase database) throws SQLException {
            try (Connection c = database.open(); Statement st = c.createStatement()) {
                assertThat(count(st, "SELECT count(*) FROM audit.events")).isEqualTo(1);
                TEST_DATABASES_DURING_RUN.set((int) count(st, KIT_DATABASES));
            }
        }
    }

    @Test
    void aSeededTemplateIsDroppedWhenTheRunEnds(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            long before = count(st, KIT_DATABASES);

            assertThat(run(SeededFixture.class).getTestsSucceededCount()).isEqualTo(1);

            assertThat(TEST_DATABASES_DURING_RUN).as("the template and the fixture's database").hasValue((int) before + 2);
            assertThat(count(st, KIT_DATABASES)).isEqualTo(before);
        }
    }

    static final AtomicInteger FAILED_SEEDINGS = new AtomicInteger();

    static class FailingSeed implements TemplateSeed {
        @Override
        public void seed(TestDatabase template) throws SQLException {
            FAILED_SEEDINGS.incrementAndGet();
            execute(template, "CREATE TABLE half_seeded (id int)");
            execute(template, "INSERT INTO no_such_table VALUES (1)");
        }
    }

    @WithPostgres(seed = FailingSeed.class)
    static class FailingSeedFixture {
        @Test
        void first(TestDatabase database) {}

        @Test
        void second(TestDatabase database) {}
    }

    @Test
    void aFailingSeedFailsEveryTestOfTheClassWithItsCauseAndLeavesNothing(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            long before = count(st, KIT_DATABASES);

            TestExecutionSummary summary = run(FailingSeedFixture.class);

            assertThat(summary.getTestsFailedCount()).isEqualTo(2);
            assertThat(summary.getFailures()).allSatisfy(f -> assertThat(f.getException())
                    .hasMessageContaining("seeding the template database")
                    .hasMessageContaining("relation \"no_such_table\" does not exist"));
            assertThat(FAILED_SEEDINGS).as("tried once").hasValue(1);
            assertThat(count(st, KIT_DATABASES)).isEqualTo(before);
        }
    }

    private static final String KIT_DATABASES = "SELECT count(*) FROM pg_database WHERE datname LIKE 'safety\\_t\\_%'";

    private static TestExecutionSummary run(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(fixture)).build(),
                listener);
        return listener.getSummary();
    }

    private static void execute(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
