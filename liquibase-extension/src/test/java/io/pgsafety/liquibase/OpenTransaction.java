package io.pgsafety.liquibase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Another application's session with a transaction left open after {@code sql} (a report that read
 * a table, a writer that inserted a row): it holds that statement's locks until it commits.
 */
final class OpenTransaction implements AutoCloseable {

    private final Connection connection;
    private final int pid;
    private final ExecutorService committer = Executors.newSingleThreadExecutor();

    private OpenTransaction(Connection connection, int pid) {
        this.connection = connection;
        this.pid = pid;
    }

    static OpenTransaction begin(LiquibaseCli cli, String database, String applicationName, String sql)
            throws SQLException {
        Connection connection = DriverManager.getConnection(
                cli.jdbcUrl(database) + "&ApplicationName=" + applicationName, "postgres", "postgres");
        connection.setAutoCommit(false);
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            int pid = rs.getInt(1);
            s.execute(sql);
            return new OpenTransaction(connection, pid);
        }
    }

    int pid() {
        return pid;
    }

    /**
     * Commits {@code delayMillis} after {@code countQuery}, run on its own connection, first counts
     * more than zero rows; the future ends with the commit.
     */
    Future<?> commitAfter(LiquibaseCli cli, String database, String countQuery, long delayMillis) {
        return committer.submit(() -> {
            try (Connection watcher = cli.connect(database); Statement s = watcher.createStatement()) {
                while (true) {
                    try (ResultSet rs = s.executeQuery(countQuery)) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            break;
                        }
                    }
                    Thread.sleep(20);
                }
                Thread.sleep(delayMillis);
                connection.commit();
            }
            return null;
        });
    }

    @Override
    public void close() throws SQLException {
        committer.shutdownNow();
        connection.close();
    }
}
