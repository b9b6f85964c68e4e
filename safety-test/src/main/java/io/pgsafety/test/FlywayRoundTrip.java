package io.pgsafety.test;

import io.pgsafety.test.RoundTrip.Outcome;
import io.pgsafety.test.RoundTrip.Pair;
import io.pgsafety.test.RoundTrip.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.Location;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * The Flyway side of {@link RoundTrip}; only touched when a test calls {@code RoundTrip.flyway},
 * so the kit loads without Flyway.
 */
final class FlywayRoundTrip {

    private static final Pattern UNDO_NAME = Pattern.compile("U(\\d[0-9._]*?)__.*\\.sql");

    private final FluentConfiguration configuration;
    private final List<Pair> pairs = new ArrayList<>();

    private FlywayRoundTrip(FluentConfiguration configuration) {
        this.configuration = configuration;
    }

    static FluentConfiguration configure(DataSource dataSource, String... locations) {
        return Flyway.configure().dataSource(dataSource).locations(locations);
    }

    static Report check(FluentConfiguration configuration) {
        return new FlywayRoundTrip(configuration).run();
    }

    private Report run() {
        List<MigrationInfo> versions = Arrays.stream(flyway(null).info().all())
                .filter(m -> m.isVersioned() && !m.getType().isUndo() && !m.getType().isSynthetic()
                        && !m.getType().isBaseline())
                .sorted(Comparator.comparing(MigrationInfo::getVersion))
                .toList();
        Map<MigrationVersion, Path> undos = undoScripts();
        try (Connection connection = configuration.getDataSource().getConnection()) {
            String history = historyTable(connection);
            for (MigrationInfo migration : versions) {
                if (!roundTrip(connection, history, migration, undos.get(migration.getVersion()))) {
                    break;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("round trip: cannot use the database: " + e.getMessage(), e);
        }
        return new Report("undo scripts", pairs);
    }

    /** False when the history cannot go on past this version. */
    private boolean roundTrip(Connection connection, String history, MigrationInfo migration, Path undo)
            throws SQLException {
        MigrationVersion version = migration.getVersion();
        SchemaSnapshot before = SchemaSnapshot.take(connection, history);
        try {
            flyway(version).migrate();
        } catch (FlywayException e) {
            record(migration, Outcome.MIGRATION_FAILED, e.getMessage().strip());
            return false;
        }
        if (undo == null) {
            record(migration, Outcome.NO_UNDO, "");
            return true;
        }
        try {
            SqlScripts.run(connection, read(undo));
            deleteHistoryRow(connection, history, version);
        } catch (SQLException e) {
            record(migration, Outcome.UNDO_FAILED, undo.getFileName() + ": " + e.getSQLState() + " " + e.getMessage());
            rebuild(version);
            return true;
        }
        List<String> diff = before.diff(SchemaSnapshot.take(connection, history));
        String shown = diff.isEmpty() ? "" : "schema after " + undo.getFileName() + " compared with the schema before V"
                + version + ":\n" + String.join("\n", diff);
        try {
            flyway(version).migrate();
        } catch (FlywayException e) {
            record(migration, Outcome.REDO_FAILED, (shown.isEmpty() ? "" : shown + "\n") + "migrating again: "
                    + e.getMessage().strip());
            rebuild(version);
            return true;
        }
        record(migration, diff.isEmpty() ? Outcome.ROUND_TRIPS : Outcome.SCHEMA_DIFFERS, shown);
        return true;
    }

    private void record(MigrationInfo migration, Outcome outcome, String detail) {
        pairs.add(new Pair("V" + migration.getVersion().getVersion() + " (" + migration.getDescription() + ")",
                outcome, detail));
    }

    /** After a failure the schema is unknown: build version {@code version} again from nothing. */
    private void rebuild(MigrationVersion version) {
        Flyway flyway = copy().cleanDisabled(false).target(version).load();
        flyway.clean();
        flyway.migrate();
    }

    private Flyway flyway(MigrationVersion target) {
        FluentConfiguration copy = copy();
        return (target == null ? copy : copy.target(target)).load();
    }

    /**
     * The caller's configuration, with Flyway's lock taken outside a transaction: with the
     * default, the lock's open transaction makes a {@code CREATE INDEX CONCURRENTLY} in a
     * migration wait for it forever.
     */
    private FluentConfiguration copy() {
        FluentConfiguration copy = Flyway.configure().configuration(configuration);
        PostgreSQLConfigurationExtension postgres = copy.getConfigurationExtension(PostgreSQLConfigurationExtension.class);
        if (postgres != null) {
            postgres.setTransactionalLock(false);
        }
        return copy;
    }

    private String historyTable(Connection connection) throws SQLException {
        String schema = configuration.getDefaultSchema();
        if (schema == null && configuration.getSchemas().length > 0) {
            schema = configuration.getSchemas()[0];
        }
        if (schema == null) {
            try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT current_schema()")) {
                rs.next();
                schema = rs.getString(1);
            }
        }
        return schema + "." + configuration.getTable();
    }

    private static void deleteHistoryRow(Connection connection, String history, MigrationVersion version)
            throws SQLException {
        String[] parts = history.split("\\.", 2);
        try (PreparedStatement st = connection.prepareStatement("DELETE FROM " + quote(parts[0]) + "." + quote(parts[1])
                + " WHERE version = ?")) {
            st.setString(1, version.getVersion());
            st.executeUpdate();
        }
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    private String read(Path script) {
        try {
            return Files.readString(script, configuration.getEncoding());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + script, e);
        }
    }

    /** The {@code U<version>__….sql} scripts of the configured locations, by version. */
    private Map<MigrationVersion, Path> undoScripts() {
        Map<MigrationVersion, Path> undos = new TreeMap<>();
        for (Location location : configuration.getLocations()) {
            for (Path root : roots(location)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile).forEach(file -> {
                        Matcher m = UNDO_NAME.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            undos.put(MigrationVersion.fromVersion(m.group(1).replace('_', '.')), file);
                        }
                    });
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot list " + root, e);
                }
            }
        }
        return undos;
    }

    private List<Path> roots(Location location) {
        String path = location.getRootPath();
        if (location.isFileSystem()) {
            Path root = Path.of(path);
            return Files.isDirectory(root) ? List.of(root) : List.of();
        }
        if (!location.isClassPath()) {
            throw new IllegalArgumentException("round trip: only classpath: and filesystem: locations are supported: "
                    + location.getDescriptor());
        }
        List<Path> roots = new ArrayList<>();
        try {
            Enumeration<URL> urls = classLoader().getResources(path);
            while (urls.hasMoreElements()) {
                roots.add(pathOf(urls.nextElement().toURI()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + location.getDescriptor(), e);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot list " + location.getDescriptor(), e);
        }
        return roots;
    }

    private ClassLoader classLoader() {
        ClassLoader loader = configuration.getClassLoader();
        return loader != null ? loader : Thread.currentThread().getContextClassLoader();
    }

    private static Path pathOf(URI uri) throws IOException {
        if (!uri.getScheme().equals("jar")) {
            return Path.of(uri);
        }
        FileSystem jar;
        try {
            jar = FileSystems.newFileSystem(uri, Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            jar = FileSystems.getFileSystem(uri);
        }
        return jar.provider().getPath(uri);
    }
}
