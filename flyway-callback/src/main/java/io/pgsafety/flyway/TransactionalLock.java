package io.pgsafety.flyway;

import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.configuration.Configuration;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogFactory;
import org.flywaydb.core.extensibility.ConfigurationExtension;
import org.flywaydb.database.postgresql.PostgreSQLConfigurationExtension;

/**
 * Flyway's {@code postgresql.transactional.lock=true} (its default) holds the migration lock in
 * an open transaction on a second connection; {@code CREATE INDEX CONCURRENTLY} (and the other
 * concurrent builds) wait for every open transaction to end, so they would wait for that one
 * forever. When a pending migration builds concurrently, the lock is switched to its
 * session-level form for this run, which Flyway reads each time it takes the lock.
 */
final class TransactionalLock {

    private static final Log LOG = LogFactory.getLog(TransactionalLock.class);

    private TransactionalLock() {}

    static void preventHang(Configuration configuration) {
        PostgreSQLConfigurationExtension postgres = null;
        for (ConfigurationExtension e : configuration.getPluginRegister().getInstancesOf(ConfigurationExtension.class)) {
            if (e instanceof PostgreSQLConfigurationExtension p) {
                postgres = p;
            }
        }
        if (postgres == null) {
            throw new FlywayException("pg-safety: a pending migration runs CONCURRENTLY, which hangs behind Flyway's"
                    + " transactional migration lock, and the PostgreSQL lock setting could not be changed here."
                    + " Set flyway.postgresql.transactional.lock=false and run migrate again.");
        }
        if (postgres.isTransactionalLock()) {
            LOG.info("pg-safety: a pending migration runs CONCURRENTLY; using a session-level migration lock"
                    + " (postgresql.transactional.lock=false) so that it does not wait for Flyway's own lock"
                    + " transaction forever");
            postgres.setTransactionalLock(false);
        }
    }
}
