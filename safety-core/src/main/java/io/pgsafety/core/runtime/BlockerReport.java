package io.pgsafety.core.runtime;

import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Who blocks a migration. Two views, because the moment that matters is the lock timeout: while
 * the statement still waits, {@link #blocking} asks {@code pg_blocking_pids} from a second
 * connection; once it has timed out its backend waits for nothing, and {@link #holdingLocksOn}
 * lists the sessions holding locks on the contended relation instead.
 */
public final class BlockerReport {

    private static final String SESSION_COLUMNS = """
            a.pid, a.application_name, a.usename::text AS usename, a.state,
            extract(epoch FROM clock_timestamp() - a.xact_start) AS xact_seconds,
            extract(epoch FROM clock_timestamp() - a.state_change) AS state_seconds,
            a.wait_event_type || ':' || a.wait_event AS wait_event, a.query""";

    private static final String BLOCKING_QUERY = "SELECT " + SESSION_COLUMNS + """
            , NULL AS lock_modes
            FROM pg_catalog.pg_stat_activity a
            WHERE a.pid = ANY (pg_catalog.pg_blocking_pids(?))
            ORDER BY a.pid
            """;

    private static final String HOLDERS_QUERY = "SELECT " + SESSION_COLUMNS + """
            , string_agg(DISTINCT l.mode, ', ' ORDER BY l.mode) AS lock_modes
            FROM pg_catalog.pg_locks l
            JOIN pg_catalog.pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'relation' AND l.granted
              AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = current_database())
              AND l.relation = pg_catalog.to_regclass(?)
              AND l.pid <> pg_catalog.pg_backend_pid()
            GROUP BY a.pid, a.application_name, a.usename, a.state, a.xact_start, a.state_change,
                     a.wait_event_type, a.wait_event, a.query
            ORDER BY a.pid
            """;

    private BlockerReport() {}

    /** The sessions that {@code blockedPid} is waiting for right now (empty if it waits for none). */
    public static List<Blocker> blocking(Connection probe, int blockedPid) throws SQLException {
        try (PreparedStatement ps = probe.prepareStatement(BLOCKING_QUERY)) {
            ps.setInt(1, blockedPid);
            return read(ps);
        }
    }

    /**
     * Other sessions holding granted locks on {@code relation} (resolved like the server does,
     * following {@code search_path}), with the lock modes they hold.
     */
    public static List<Blocker> holdingLocksOn(Connection connection, QualifiedName relation) throws SQLException {
        if (!connection.getAutoCommit()) {
            // pg_stat_activity is a per-transaction snapshot: see the sessions as they are now.
            try (Statement s = connection.createStatement()) {
                s.execute("SELECT pg_catalog.pg_stat_clear_snapshot()");
            }
        }
        try (PreparedStatement ps = connection.prepareStatement(HOLDERS_QUERY)) {
            ps.setString(1, relation.sql());
            return read(ps);
        }
    }

    /** The blockers one per line after a heading, or a note that none were seen. */
    public static String describe(List<Blocker> blockers) {
        if (blockers.isEmpty()) {
            return "No blocking session was seen (it may have finished before it could be inspected).";
        }
        return blockers.stream().map(b -> "  - " + b.describe())
                .collect(Collectors.joining("\n", "Blocking sessions:\n", ""));
    }

    private static List<Blocker> read(PreparedStatement ps) throws SQLException {
        List<Blocker> blockers = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                blockers.add(new Blocker(
                        rs.getInt("pid"),
                        rs.getString("application_name"),
                        rs.getString("usename"),
                        rs.getString("state"),
                        duration(rs, "xact_seconds"),
                        duration(rs, "state_seconds"),
                        rs.getString("wait_event"),
                        QueryShape.withoutLiterals(rs.getString("query")),
                        rs.getString("lock_modes")));
            }
        }
        return blockers;
    }

    private static Duration duration(ResultSet rs, String column) throws SQLException {
        double seconds = rs.getDouble(column);
        return rs.wasNull() ? null : Duration.ofNanos((long) (seconds * 1_000_000_000L));
    }
}
