package io.pgsafety.flyway;

import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.sqlscript.ParserSqlScript;
import org.flywaydb.core.internal.sqlscript.SqlScriptMetadata;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

/**
 * A SQL script as Flyway reads it, except that a script mixing statements that must run outside
 * a transaction ({@code CREATE INDEX CONCURRENTLY}, …) with ordinary ones is accepted whatever
 * {@code mixed} says: Flyway runs it without a transaction and {@link GuardedSqlScriptExecutor}
 * gives the ordinary statements transactions of their own.
 */
final class GuardedSqlScript extends ParserSqlScript {

    /** {@code executeInTransaction} set in this script's {@code .conf}: respected as given. */
    private final boolean transactionModeChosen;
    private final boolean executeInTransactionByDefault;

    GuardedSqlScript(Parser parser, LoadableResource resource, LoadableResource metadataResource,
            Configuration configuration) {
        super(parser, resource, metadataResource, true);
        this.executeInTransactionByDefault = configuration.isExecuteInTransaction();
        this.transactionModeChosen = metadataResource != null
                && SqlScriptMetadata.fromResource(metadataResource, parser, configuration).executeInTransaction() != null;
    }

    /**
     * True when Flyway runs this script without a transaction only because some of its statements
     * cannot run in one, and it has others: those are then grouped into transactions by the executor.
     */
    boolean groupsTransactionalStatements() {
        if (!executeInTransactionByDefault || transactionModeChosen || executeInTransaction()) {
            return false;
        }
        try (SqlStatementIterator statements = getSqlStatements()) {
            while (statements.hasNext()) {
                if (statements.next().canExecuteInTransaction()) {
                    return true;
                }
            }
        }
        return false;
    }
}
