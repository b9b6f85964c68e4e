package io.pgsafety.flyway;

import java.io.UncheckedIOException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.api.resource.LoadableResource;
import org.flywaydb.core.internal.parser.Parser;
import org.flywaydb.core.internal.sqlscript.ParserSqlScript;
import org.flywaydb.core.internal.sqlscript.SqlScriptMetadata;
import org.flywaydb.core.internal.sqlscript.SqlStatement;
import org.flywaydb.core.internal.sqlscript.SqlStatementIterator;

/**
 * A SQL script as Flyway reads it, except that:
 * <ul>
 * <li>a script mixing statements that must run outside a transaction ({@code CREATE INDEX
 *     CONCURRENTLY}, …) with ordinary ones is accepted whatever {@code mixed} says: Flyway runs it
 *     without a transaction and {@link GuardedSqlScriptExecutor} gives the ordinary statements
 *     transactions of their own;
 * <li>a script without a {@code .conf} whose split the pre-flight already holds
 *     ({@link PresplitScript}) takes it instead of parsing the script again, as long as the
 *     script's text is still the one the pre-flight read.
 * </ul>
 */
final class GuardedSqlScript extends ParserSqlScript {

    private static final Log LOG = LogFactory.getLog(GuardedSqlScript.class);

    private final Configuration configuration;
    private final boolean hasConf;
    /** {@code executeInTransaction} set in this script's {@code .conf}: respected as given. */
    private final boolean transactionModeChosen;
    private final boolean executeInTransactionByDefault;
    /** Whether the statements came from the pre-flight's split (then Flyway's own fields stay unset). */
    private boolean presplit;
    private boolean presplitHasNonTransactional;

    GuardedSqlScript(Parser parser, LoadableResource resource, LoadableResource metadataResource,
            Configuration configuration) {
        super(parser, resource, metadataResource, true);
        this.configuration = configuration;
        this.hasConf = metadataResource != null;
        this.executeInTransactionByDefault = configuration.isExecuteInTransaction();
        this.transactionModeChosen = metadataResource != null
                && SqlScriptMetadata.fromResource(metadataResource, parser, configuration).executeInTransaction() != null;
    }

    @Override
    protected void parse() {
        if (presplit) {
            return;
        }
        PresplitScript split = hasConf || resource.shouldStream() ? null
                : PlannedStatements.split(configuration, resource.getRelativePath());
        if (split == null || !split.source().equals(textOrNull())) {
            super.parse();
            return;
        }
        for (SqlStatement statement : split.statements()) {
            if (LOG.isDebugEnabled()) {
                LOG.debug("Found statement at line " + statement.getLineNumber() + ": " + statement.getSql()
                        + (statement.canExecuteInTransaction() ? "" : " [non-transactional]"));
            }
            sqlStatements.add(statement);
            presplitHasNonTransactional |= !statement.canExecuteInTransaction();
        }
        presplit = true;
    }

    /** As Flyway decides for a script without a {@code .conf}. */
    @Override
    public boolean executeInTransaction() {
        validate();
        return presplit ? !presplitHasNonTransactional && configuration.isExecuteInTransaction()
                : super.executeInTransaction();
    }

    @Override
    public int getSqlStatementCount() {
        validate();
        return presplit ? sqlStatements.size() : super.getSqlStatementCount();
    }

    /** Whether the statements came from the pre-flight's split rather than Flyway's parser. */
    boolean presplit() {
        validate();
        return presplit;
    }

    /** The script's text as Flyway reads it; null when it cannot be read (Flyway's parser then reports why). */
    private String textOrNull() {
        try {
            return PendingScripts.text(resource);
        } catch (UncheckedIOException e) {
            return null;
        }
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
