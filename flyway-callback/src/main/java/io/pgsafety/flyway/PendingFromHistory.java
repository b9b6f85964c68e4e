package io.pgsafety.flyway;

import java.io.Reader;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.flywaydb.core.api.ClassProvider;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.ResourceProvider;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.resolver.ChecksumCalculator;
import org.flywaydb.core.internal.resource.ResourceName;
import org.flywaydb.core.internal.resource.ResourceNameParser;

/**
 * The pending list of a {@code migrate}, as {@code info().pending()} gives it, read at
 * {@code BEFORE_MIGRATE} from the scanned scripts and one query of the schema history table
 * instead of from a second Flyway (which connects, detects the database and resolves every script
 * again). It answers only where its rules are Flyway's: versioned SQL scripts above the highest
 * applied version, in version order, then repeatable SQL scripts never applied or whose checksum
 * differs from their latest run, by description. Anywhere else it answers nothing and the caller
 * asks Flyway ({@link PendingScripts#probed}).
 */
final class PendingFromHistory {

    private static final Log LOG = LogFactory.getLog(PendingFromHistory.class);

    /** History row types whose meaning is only "this version or description ran" (open-source Flyway writes these). */
    private static final Set<String> PLAIN_ROW_TYPES = Set.of("SQL", "JDBC", "BASELINE", "SCHEMA");

    private final Configuration configuration;
    private final ResourceProvider resources;
    private final Placeholders placeholders;
    private final ResourceNameParser parser;

    private PendingFromHistory(Configuration configuration, ResourceProvider resources, Placeholders placeholders) {
        this.configuration = configuration;
        this.resources = resources;
        this.placeholders = placeholders;
        this.parser = new ResourceNameParser(configuration);
    }

    /**
     * The pending migrations of {@code configuration} on {@code connection} (history already
     * created, validated and baselined by the {@code migrate} that is about to apply them), read
     * from {@code resources}; empty when only Flyway itself can tell.
     */
    static Optional<List<PendingScripts.Pending>> read(Configuration configuration, ResourceProvider resources,
            Connection connection, Placeholders placeholders, String undoPrefix) throws SQLException {
        PendingFromHistory reader = new PendingFromHistory(configuration, resources, placeholders);
        String fallback = reader.configurationFallback();
        if (fallback == null) {
            fallback = reader.unknownScriptKind(undoPrefix);
        }
        if (fallback != null) {
            LOG.debug("pg-safety: pending list from Flyway's info: " + fallback);
            return Optional.empty();
        }
        Answer answer = reader.pending(connection);
        if (answer.fallback() != null) {
            LOG.debug("pg-safety: pending list from Flyway's info: " + answer.fallback());
            return Optional.empty();
        }
        return Optional.of(answer.pending());
    }

    /** Either the pending list or why it cannot be told here. */
    private record Answer(List<PendingScripts.Pending> pending, String fallback) {

        static Answer fallback(String why) {
            return new Answer(null, why);
        }
    }

    /** Settings under which Flyway's pending list follows other rules than the ones here; {@code null} when none. */
    private String configurationFallback() {
        if (configuration.isOutOfOrder()) {
            return "outOfOrder makes versions below the highest applied one pending too";
        }
        MigrationVersion target = configuration.getTarget();
        if (target != null && !MigrationVersion.LATEST.equals(target)) {
            return "target " + target + " cuts the list (current/next are relative to the history)";
        }
        if (configuration.getCherryPick() != null && configuration.getCherryPick().length > 0) {
            return "cherryPick chooses an arbitrary subset";
        }
        if (configuration.isSkipDefaultResolvers() || configuration.getResolvers().length > 0) {
            return "custom resolvers add migrations (or drop the SQL ones) that the scan does not see";
        }
        if (configuration.getResourceProvider() != null) {
            return "a custom resourceProvider may answer Flyway's resolver differently";
        }
        if (configuration.getJavaMigrations().length > 0 || configuration.getJavaMigrationClassProvider() != null
                || resources instanceof ClassProvider<?> classes && !classes.getClasses().isEmpty()) {
            return "Java migrations take versions too and must be reported as not analysable";
        }
        return null;
    }

    /**
     * A script of a kind other than a versioned or repeatable SQL migration that Flyway resolves
     * too: baseline migrations ({@code B1__x.sql}), script migrations ({@code V2__x.sh}, …),
     * kinds of other plugins. Their rules are not the ones here. Callbacks and pg-safety's undo
     * scripts are not migrations; names Flyway cannot parse it skips, as here.
     */
    private String unknownScriptKind(String undoPrefix) {
        String[] sqlSuffixes = configuration.getSqlMigrationSuffixes();
        Set<String> sqlKinds = Set.of(configuration.getSqlMigrationPrefix(), configuration.getRepeatableSqlMigrationPrefix(),
                undoPrefix);
        for (LoadableResource resource : resources.getResources("", new String[] {""})) {
            String filename = resource.getFilename();
            int dot = filename.lastIndexOf('.');
            String lowerCase = filename.toLowerCase(Locale.ROOT);
            boolean sql = false;
            for (String suffix : sqlSuffixes) {
                if (lowerCase.endsWith(suffix.toLowerCase(Locale.ROOT))) {
                    sql = true;
                    break;
                }
            }
            if (!sql && (dot < 0 || filename.endsWith(".conf"))) {
                continue;
            }
            ResourceName name = sql ? parser.parse(filename) : parser.parse(filename, new String[] {filename.substring(dot)});
            if (name.isValid() && Event.fromId(name.getPrefix()) == null && !(sql && sqlKinds.contains(name.getPrefix()))) {
                return filename + " is a migration of another kind than versioned or repeatable SQL";
            }
        }
        return null;
    }

    private Answer pending(Connection connection) throws SQLException {
        // Sorted and keyed as Flyway's resolver does: versions by compareTo (1 = 1.0), descriptions by String order.
        TreeMap<MigrationVersion, LoadableResource> versioned = new TreeMap<>();
        TreeMap<String, LoadableResource> repeatable = new TreeMap<>();
        for (LoadableResource resource : resources.getResources(configuration.getSqlMigrationPrefix(),
                configuration.getSqlMigrationSuffixes())) {
            ResourceName name = parser.parse(resource.getFilename());
            if (isMigration(name, configuration.getSqlMigrationPrefix()) && name.getVersion() != null
                    && versioned.put(name.getVersion(), resource) != null) {
                return Answer.fallback("two scripts of version " + name.getVersion() + " (Flyway refuses them)");
            }
        }
        for (LoadableResource resource : resources.getResources(configuration.getRepeatableSqlMigrationPrefix(),
                configuration.getSqlMigrationSuffixes())) {
            ResourceName name = parser.parse(resource.getFilename());
            if (isMigration(name, configuration.getRepeatableSqlMigrationPrefix()) && name.getVersion() == null
                    && repeatable.put(name.getDescription(), resource) != null) {
                return Answer.fallback("two repeatable scripts named " + name.getDescription() + " (Flyway refuses them)");
            }
        }
        History history = History.read(connection, SchemaHistory.of(configuration, connection));
        if (history.fallback != null) {
            return Answer.fallback(history.fallback);
        }
        List<PendingScripts.Pending> pending = new ArrayList<>();
        for (Map.Entry<MigrationVersion, LoadableResource> script : versioned.entrySet()) {
            MigrationVersion version = script.getKey();
            if (history.appliedSql.contains(version) || history.atOrBelowBaseline(version)) {
                continue;
            }
            if (history.highest != null && version.compareTo(history.highest) <= 0) {
                // Flyway's IGNORED (or pending at the very top version): validateOnMigrate refuses it, ignoreMigrationPatterns may let it through.
                return Answer.fallback(script.getValue().getFilename() + " is not applied but not above the highest applied version");
            }
            Properties conf = PendingScripts.scriptConf(resources, script.getValue().getRelativePath());
            if (conf.containsKey("shouldExecute")) {
                return Answer.fallback(script.getValue().getFilename() + " has shouldExecute in its .conf");
            }
            pending.add(sqlScript(script.getValue(), version, conf));
        }
        for (LoadableResource script : repeatable.values()) {
            Properties conf = PendingScripts.scriptConf(resources, script.getRelativePath());
            if (conf.containsKey("shouldExecute")) {
                return Answer.fallback(script.getFilename() + " has shouldExecute in its .conf");
            }
            String description = parser.parse(script.getFilename()).getDescription();
            if (!history.latestRepeatableChecksum.containsKey(description)
                    || !checksumMatches(script, conf, history.latestRepeatableChecksum.get(description))) {
                pending.add(sqlScript(script, null, conf));
            }
        }
        return new Answer(pending, null);
    }

    /** A name Flyway's SQL resolver takes for {@code prefix} (it skips the others, and leaves bad names to validation). */
    private static boolean isMigration(ResourceName name, String prefix) {
        return name.isValid() && prefix.equals(name.getPrefix());
    }

    private PendingScripts.Pending sqlScript(LoadableResource script, MigrationVersion version, Properties conf) {
        return new PendingScripts.Pending(script.getRelativePath(), version, "SQL", true,
                PendingScripts.placeholderReplacement(conf), script.getAbsolutePathOnDisk());
    }

    /**
     * Whether {@code applied} (the checksum of the latest run) still matches the repeatable
     * script: as Flyway, the checksum of its text with placeholders replaced (when they are), or
     * of its raw text (Flyway's "equivalent checksum").
     */
    private boolean checksumMatches(LoadableResource script, Properties conf, Integer applied) {
        if (applied == null) {
            return false;
        }
        if (applied == ChecksumCalculator.calculate(script)) {
            return true;
        }
        if (!placeholders.replaces(PendingScripts.placeholderReplacement(conf))) {
            return false;
        }
        String replaced = placeholders.replace(PendingScripts.text(script), script.getFilename());
        return applied == ChecksumCalculator.calculate(new TextOf(script, replaced));
    }

    /** {@code resource} read as {@code text}: what Flyway's checksum reads of a placeholder-replaced script. */
    private static final class TextOf extends LoadableResource {
        private final LoadableResource resource;
        private final String text;

        TextOf(LoadableResource resource, String text) {
            this.resource = resource;
            this.text = text;
        }

        @Override
        public Reader read() {
            return new StringReader(text);
        }

        @Override
        public String getAbsolutePath() {
            return resource.getAbsolutePath();
        }

        @Override
        public String getAbsolutePathOnDisk() {
            return resource.getAbsolutePathOnDisk();
        }

        @Override
        public String getFilename() {
            return resource.getFilename();
        }

        @Override
        public String getRelativePath() {
            return resource.getRelativePath();
        }
    }

    /** What the pending list needs of the schema history table. */
    private static final class History {
        /** SQL rows of versioned migrations (the only rows that mark a versioned SQL script as applied). */
        final Set<MigrationVersion> appliedSql = new TreeSet<>();
        /** The checksum of the latest run of each repeatable description. */
        final Map<String, Integer> latestRepeatableChecksum = new HashMap<>();
        /** The highest version of any row (baseline and schema-creation markers count). */
        MigrationVersion highest;
        /** The highest baseline row: Flyway skips scripts at or below it. */
        MigrationVersion baseline;
        /** Why the rows need Flyway's own reading; {@code null} when they do not. */
        String fallback;

        boolean atOrBelowBaseline(MigrationVersion version) {
            return baseline != null && version.compareTo(baseline) <= 0;
        }

        static History read(Connection connection, SchemaHistory table) throws SQLException {
            History history = new History();
            try (PreparedStatement exists = connection.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
                exists.setString(1, table.qualifiedName());
                try (ResultSet rs = exists.executeQuery()) {
                    rs.next();
                    if (!rs.getBoolean(1)) {
                        return history;
                    }
                }
            }
            try (PreparedStatement rows = connection.prepareStatement("SELECT version, description, type, checksum, success FROM "
                    + table.qualifiedName() + " ORDER BY installed_rank");
                    ResultSet rs = rows.executeQuery()) {
                while (rs.next()) {
                    history.add(rs.getString(1), rs.getString(2), rs.getString(3), (Integer) rs.getObject(4),
                            rs.getBoolean(5));
                }
            }
            return history;
        }

        private void add(String version, String description, String type, Integer checksum, boolean success) {
            if (fallback != null) {
                return;
            }
            if (!success) {
                fallback = "a failed migration in the history (" + description + ")";
                return;
            }
            if (!PLAIN_ROW_TYPES.contains(type)) {
                // DELETE, UNDO_*, baseline migrations…: rows that undo or replace other rows.
                fallback = "a history row of type " + type;
                return;
            }
            if (version == null) {
                latestRepeatableChecksum.put(description, checksum);
                return;
            }
            MigrationVersion v = MigrationVersion.fromVersion(version);
            highest = highest == null || v.compareTo(highest) > 0 ? v : highest;
            if ("BASELINE".equals(type)) {
                baseline = baseline == null || v.compareTo(baseline) > 0 ? v : baseline;
            } else if ("SQL".equals(type)) {
                appliedSql.add(v);
            }
        }
    }
}
