package io.pgsafety.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * One database of the embedded server, holding the shop the migrations change. Besides the shop's
 * rows it can record what the server saw: an event trigger notes every DDL statement as it starts,
 * with the {@code lock_timeout} in force in the session that runs it, whoever set it.
 */
final class ShopDatabase {

    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    /** A DDL statement as the event trigger saw it start. */
    record Ddl(String statement, String lockTimeout) {}

    private final String url;

    private ShopDatabase(String url) {
        this.url = url;
    }

    static ShopDatabase create(EmbeddedPostgres server, String name) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new ShopDatabase(server.getJdbcUrl(USER, name));
    }

    String url() {
        return url;
    }

    /** The rows of a shop that has been running for a while (the tables exist already). */
    void fill(int customers, int orders) throws SQLException {
        execute("INSERT INTO customers (email) SELECT 'customer' || g || '@example.com' FROM generate_series(1, "
                + customers + ") g");
        execute("INSERT INTO orders (customer_id, total, created_at)"
                + " SELECT 1 + g % " + customers + ", (g % 200) + 0.99, now() - g * interval '1 minute'"
                + " FROM generate_series(1, " + orders + ") g");
        execute("ANALYZE customers, orders");
    }

    /** From now on, every DDL statement is recorded (in schema {@code demo}, away from the shop's tables). */
    void recordDdl() throws SQLException {
        execute("""
                CREATE SCHEMA demo;
                CREATE TABLE demo.ddl (id bigint GENERATED ALWAYS AS IDENTITY, statement text, lock_timeout text);
                CREATE FUNCTION demo.record_ddl() RETURNS event_trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO demo.ddl (statement, lock_timeout) VALUES (current_query(), current_setting('lock_timeout'));
                END $$;
                CREATE EVENT TRIGGER record_ddl ON ddl_command_start EXECUTE FUNCTION demo.record_ddl();
                """);
    }

    /** The DDL statements recorded since the last call, without the tools' own bookkeeping. */
    List<Ddl> takeRecordedDdl() throws SQLException {
        List<Ddl> recorded = new ArrayList<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "WITH taken AS (DELETE FROM demo.ddl RETURNING *) SELECT statement, lock_timeout FROM taken ORDER BY id")) {
            while (rs.next()) {
                String statement = rs.getString(1).strip();
                if (!isBookkeeping(statement)) {
                    recorded.add(new Ddl(statement, rs.getString(2)));
                }
            }
        }
        return recorded;
    }

    private static boolean isBookkeeping(String statement) {
        String lower = statement.toLowerCase();
        return lower.contains("flyway_schema_history") || lower.contains("databasechangelog");
    }

    /** "no column status" or "a column status". */
    String columnState(String table, String column) throws SQLException {
        String found = queryString("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public'"
                + " AND table_name = '" + table + "' AND column_name = '" + column + "'");
        return (found.equals("0") ? "no column " : "a column ") + column;
    }

    /** "valid", "INVALID" or "absent", as pg_index says. */
    String indexState(String index) throws SQLException {
        String valid = queryString("SELECT indisvalid FROM pg_index WHERE indexrelid = to_regclass('" + index + "')");
        if (valid == null) {
            return "absent";
        }
        return valid.equals("t") ? "valid" : "INVALID";
    }

    String queryString(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(url, USER, PASSWORD);
    }
}
