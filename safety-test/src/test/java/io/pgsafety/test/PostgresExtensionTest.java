package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

@WithPostgres
class PostgresExtensionTest {

    @BeforeEach
    void sameDatabaseInSetUp(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            st.execute("CREATE TABLE made_in_setup (id int)");
        }
    }

    @RepeatedTest(2)
    void eachTestGetsAFreshDatabase(TestDatabase database) throws SQLException {
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT count(*) FROM pg_class WHERE relname = 'made_in_test'")).isZero();
            assertThat(count(st, "SELECT count(*) FROM pg_class WHERE relname = 'made_in_setup'")).isEqualTo(1);
            st.execute("CREATE TABLE made_in_test (id int)");
            assertThat(count(st, "SELECT count(*) FROM pg_database WHERE datname = current_database()")).isEqualTo(1);
        }
    }

    @Test
    void describesTheServer(TestDatabase database) throws SQLException {
        assertThat(database.serverMajorVersion()).isEqualTo(16);
        assertThat(database.jdbcUrl()).startsWith("jdbc:postgresql://").endsWith("/" + database.name());
        try (Connection c = database.dataSource().getConnection(); Statement st = c.createStatement()) {
            assertThat(count(st, "SELECT current_setting('server_version_num')::int / 10000")).isEqualTo(16);
            st.execute("CREATE TABLE logged_ddl (id int)");
        }
        assertThat(database.serverLog()).contains("CREATE TABLE logged_ddl");
    }

    static long count(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
