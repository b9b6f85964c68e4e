package io.pgsafety.flyway.acceptance;

import io.pgsafety.test.SchemaSnapshot;
import io.pgsafety.test.TestDatabase;
import io.pgsafety.testsupport.Commands;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code examples/flyway-cli}: a {@code flyway.conf}, the same settings as {@code flyway.toml},
 * a safe history with undo scripts in {@code migrations/}, and in {@code unsafe/} the unsafe way
 * to write its version 4. Tests copy it into a working directory of their own.
 */
final class Example {

    static final String UNSAFE_V4 = "V4__index_and_narrow_customer_id.sql";
    static final String HISTORY_TABLE = "public.flyway_schema_history";
    private static final String UNDEFINED_TABLE = "42P01";

    private Example() {}

    /** Copies the configuration files and {@code migrations/} into {@code workDir}. */
    static void copyInto(Path workDir) throws IOException {
        Path example = Commands.fromProperty("safety.examples");
        Files.copy(example.resolve("flyway.conf"), workDir.resolve("flyway.conf"));
        Files.copy(example.resolve("flyway.toml"), workDir.resolve("flyway.toml"));
        copyFiles(example.resolve("migrations"), workDir.resolve("migrations"));
    }

    /** Replaces version 4 of {@code workDir}'s migrations by the unsafe one. */
    static void useUnsafeVersion4(Path workDir) throws IOException {
        Path migrations = workDir.resolve("migrations");
        try (Stream<Path> files = Files.list(migrations)) {
            for (Path f : files.filter(f -> f.getFileName().toString().matches("[VU]4__.*")).toList()) {
                Files.delete(f);
            }
        }
        copyFiles(Commands.fromProperty("safety.examples").resolve("unsafe"), migrations);
    }

    static void copyFiles(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** The versions in the history table, in the order they were applied (empty when there is no table). */
    static List<String> appliedVersions(TestDatabase database) throws SQLException {
        List<String> versions = new ArrayList<>();
        try (Connection c = database.open(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT version FROM " + HISTORY_TABLE
                        + " WHERE success AND version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                versions.add(rs.getString(1));
            }
        } catch (SQLException e) {
            if (!UNDEFINED_TABLE.equals(e.getSQLState())) {
                throw e;
            }
        }
        return versions;
    }

    static String query(TestDatabase database, String sql) throws SQLException {
        try (Connection c = database.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    static SchemaSnapshot snapshot(TestDatabase database) {
        try (Connection c = database.open()) {
            return SchemaSnapshot.take(c, HISTORY_TABLE);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
