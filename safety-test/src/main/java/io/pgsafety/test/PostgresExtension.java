package io.pgsafety.test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link WithPostgres}: gives each test a fresh {@link TestDatabase} on a
 * server shared by the JVM (see {@link Servers} for where the server comes from), copied from a
 * template database (seeded once per run when the class asks for it, dropped at the end of the
 * run), drops it after the test, and when the test fails prints what the server logged during it
 * and keeps that log in {@value #LOG_DIR_PROPERTY} (default {@code target/pg-safety-logs}).
 */
public final class PostgresExtension implements ParameterResolver, AfterTestExecutionCallback, AfterEachCallback {

    static final String LOG_DIR_PROPERTY = "safety.test.log-dir";
    private static final int LOG_TAIL_LINES = 80;
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);
    private static final String DATABASE = "database";
    private static final int DEFAULT_VERSION = 16;

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == TestDatabase.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        TestDatabase database = store.get(DATABASE, TestDatabase.class);
        if (database == null) {
            WithPostgres settings = settings(context);
            int version = settings == null ? DEFAULT_VERSION : settings.version();
            try {
                PostgresServer server = Servers.forVersion(version);
                Seeding seeding = settings == null ? Seeding.NONE : Seeding.of(settings);
                database = TestDatabases.create(server, template(context, server, seeding));
            } catch (SQLException | RuntimeException e) {
                throw new ParameterResolutionException("cannot provide a PostgreSQL " + version + " database: " + e, e);
            }
            store.put(DATABASE, database);
        }
        return database;
    }

    /** The template to copy (null: the empty shared one), seeded on first use in the run. */
    private static String template(ExtensionContext context, PostgresServer server, Seeding seeding) {
        if (seeding.isNone()) {
            return null;
        }
        SeededTemplate template = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(
                new TemplateKey(server, seeding), key -> SeededTemplate.make(server, seeding), SeededTemplate.class);
        return template.name();
    }

    private record TemplateKey(PostgresServer server, Seeding seeding) {}

    /**
     * A seeded template, dropped when the run ends (JUnit closes what its root store holds). A seeding
     * that failed stays failed: the other tests of the run fail fast with the same cause.
     */
    private record SeededTemplate(PostgresServer server, String database, RuntimeException failure)
            implements AutoCloseable {

        static SeededTemplate make(PostgresServer server, Seeding seeding) {
            try {
                return new SeededTemplate(server, TestDatabases.createSeeded(server, seeding::fill), null);
            } catch (Exception e) {
                return new SeededTemplate(server, null, new IllegalStateException("seeding the template database: " + e, e));
            }
        }

        String name() {
            if (failure != null) {
                throw failure;
            }
            return database;
        }

        @Override
        public void close() throws SQLException {
            if (database != null) {
                TestDatabases.dropDatabase(server, database);
            }
        }
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        TestDatabase database = context.getStore(NAMESPACE).get(DATABASE, TestDatabase.class);
        Optional<Throwable> failure = context.getExecutionException();
        if (database != null && failure.isPresent()) {
            reportServerLog(context, database);
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws SQLException {
        TestDatabase database = context.getStore(NAMESPACE).remove(DATABASE, TestDatabase.class);
        if (database != null) {
            TestDatabases.drop(database);
        }
    }

    /** The nearest {@link WithPostgres}: a nested class's own, else its enclosing class's. */
    private static WithPostgres settings(ExtensionContext context) {
        for (ExtensionContext c = context; c != null; c = c.getParent().orElse(null)) {
            Optional<WithPostgres> annotation = c.getElement().flatMap(e -> AnnotationSupport.findAnnotation(e, WithPostgres.class));
            if (annotation.isPresent()) {
                return annotation.get();
            }
        }
        return null;
    }

    private static void reportServerLog(ExtensionContext context, TestDatabase database) {
        String log = database.serverLog();
        if (log.isEmpty()) {
            return;
        }
        String test = context.getRequiredTestClass().getName() + "." + context.getRequiredTestMethod().getName();
        Path kept = keep(test, log);
        List<String> lines = Arrays.asList(log.split("\n"));
        List<String> tail = lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size());
        System.err.println("---- " + database.serverDescription() + ", log during " + test
                + (kept == null ? "" : " (all of it in " + kept + ")") + " ----");
        tail.forEach(System.err::println);
        System.err.println("---- end of server log ----");
    }

    private static Path keep(String test, String log) {
        Path dir = Path.of(System.getProperty(LOG_DIR_PROPERTY, "target/pg-safety-logs"));
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(test.replaceAll("[^A-Za-z0-9._-]", "_") + ".log");
            Files.writeString(file, log, StandardCharsets.UTF_8);
            return file.toAbsolutePath();
        } catch (IOException e) {
            return null;
        }
    }
}
