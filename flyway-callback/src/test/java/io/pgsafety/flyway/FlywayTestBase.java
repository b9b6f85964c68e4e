package io.pgsafety.flyway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real PostgreSQL for the test class; for each test a database of its own ({@link #url}), an
 * empty migrations folder ({@link #migrations}) and Flyway's Java API configured for both.
 */
abstract class FlywayTestBase {

    private static PostgresServer server;

    @TempDir
    Path migrations;

    String url;

    @BeforeAll
    static void startServer() throws IOException {
        server = PostgresServer.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        server.close();
    }

    @BeforeEach
    void newDatabase() throws Exception {
        url = server.newDatabase();
    }

    /** {@code t} or {@code f}: whether {@code index} of this test's database is valid. */
    String indexValid(String index) throws SQLException {
        return PostgresServer.queryString(url, "SELECT indisvalid FROM pg_index WHERE indexrelid = '" + index + "'::regclass");
    }

    void script(String name, String sql) throws IOException {
        Files.writeString(migrations.resolve(name), sql);
    }

    /** Flyway on this test's database and migrations, with {@code settings} ({@code flyway.*} keys) on top. */
    FluentConfiguration configure(Map<String, String> settings) {
        Map<String, String> map = new HashMap<>(settings);
        map.put("flyway.url", url);
        map.put("flyway.user", "postgres");
        map.put("flyway.password", "postgres");
        map.put("flyway.locations", "filesystem:" + migrations);
        return Flyway.configure().configuration(map);
    }

    Flyway flyway(Map<String, String> settings) {
        return configure(settings).load();
    }

    /** A callback named {@code name} that runs {@code action} on {@code event} (a checked exception fails it). */
    static Callback on(Event event, String name, CallbackAction action) {
        return new Callback() {
            @Override
            public boolean supports(Event e, Context context) {
                return e == event;
            }

            @Override
            public boolean canHandleInTransaction(Event e, Context context) {
                return true;
            }

            @Override
            public void handle(Event e, Context context) {
                try {
                    action.run(context);
                } catch (RuntimeException failure) {
                    throw failure;
                } catch (Exception failure) {
                    throw new IllegalStateException(failure);
                }
            }

            @Override
            public String getCallbackName() {
                return name;
            }
        };
    }

    @FunctionalInterface
    interface CallbackAction {
        void run(Context context) throws Exception;
    }
}
