package io.pgsafety.flyway;

import java.sql.Connection;
import java.util.List;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.internal.callback.CallbackExecutor;
import org.flywaydb.core.internal.database.DatabaseType;
import org.flywaydb.core.internal.database.DatabaseTypeRegister;
import org.flywaydb.core.internal.jdbc.JdbcConnectionFactory;
import org.flywaydb.core.internal.jdbc.StatementInterceptor;
import org.flywaydb.core.internal.parser.ParsingContext;
import org.flywaydb.core.internal.sqlscript.SqlScriptExecutorFactory;
import org.flywaydb.core.internal.sqlscript.SqlScriptFactory;
import org.flywaydb.core.internal.sqlscript.SqlScriptMetadata;
import org.flywaydb.database.postgresql.PostgreSQLDatabaseType;

/**
 * Flyway's PostgreSQL support with the runtime guard in the places Flyway lets a database type
 * decide: which statements cannot run in a transaction ({@link SafetyPostgreSQLParser}), how a
 * script is split into transactions ({@link GuardedSqlScript}) and how each statement runs
 * ({@link GuardedSqlScriptExecutor}: {@code lock_timeout}, retries, blocker reports, INVALID
 * index clean-up). Resolvers, checksums and the schema history are Flyway's own, so switching
 * the plugin off or on needs no {@code repair}.
 *
 * <p>Registered as a plugin with a higher priority than Flyway's PostgreSQL type; it steps aside
 * for any other type that claims the server (CockroachDB, YugabyteDB, …), and with
 * {@code flyway.safety.enabled=false} it behaves exactly like Flyway's own.
 */
public class SafetyPostgreSQLDatabaseType extends PostgreSQLDatabaseType {

    /**
     * Above Flyway's PostgreSQL type and the PostgreSQL-compatible ones (CockroachDB's is one
     * higher): asked first, it asks them itself, so each server check runs once.
     */
    @Override
    public int getPriority() {
        return super.getPriority() + 2;
    }

    @Override
    public boolean handlesDatabaseProductNameAndVersion(String productName, String productVersion,
            Connection connection) {
        if (!super.handlesDatabaseProductNameAndVersion(productName, productVersion, connection)) {
            return false;
        }
        // Typed as List<?>: the element type differs between Flyway versions.
        List<?> types = DatabaseTypeRegister.getDatabaseTypes();
        for (Object type : types) {
            if (type instanceof DatabaseType other && !(other instanceof SafetyPostgreSQLDatabaseType)
                    && other.getClass() != PostgreSQLDatabaseType.class
                    && other.handlesDatabaseProductNameAndVersion(productName, productVersion, connection)) {
                return false;
            }
        }
        return true;
    }

    /** Whether Flyway runs the migrations of {@code connection} through this type, guarded. */
    static boolean guards(Connection connection, Configuration configuration) {
        return DatabaseTypeRegister.getDatabaseTypeForConnection(connection, configuration)
                instanceof SafetyPostgreSQLDatabaseType && SafetySettings.of(configuration).enabled();
    }

    @Override
    public SqlScriptFactory createSqlScriptFactory(Configuration configuration, ParsingContext parsingContext) {
        if (!SafetySettings.of(configuration).enabled()) {
            return super.createSqlScriptFactory(configuration, parsingContext);
        }
        return (resource, mixed, resourceProvider) -> new GuardedSqlScript(
                new SafetyPostgreSQLParser(configuration, parsingContext), resource,
                SqlScriptMetadata.getMetadataResource(resourceProvider, resource), configuration);
    }

    /** The guard reads its settings when a script runs, from the configuration Flyway hands over then. */
    @Override
    public SqlScriptExecutorFactory createSqlScriptExecutorFactory(JdbcConnectionFactory jdbcConnectionFactory,
            CallbackExecutor<Event> callbackExecutor, StatementInterceptor statementInterceptor) {
        return (connection, undo, batch, outputQueryResults) -> new GuardedSqlScriptExecutor(
                new GuardedJdbcTemplate(connection, this), callbackExecutor, undo, outputQueryResults, statementInterceptor);
    }
}
