package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The servers of the versions issue 5 asks CI to prove start and answer with their own version. */
class ServerVersionsTest {

    static void assertMajor(TestDatabase database, int major) throws SQLException {
        assertThat(database.serverMajorVersion()).isEqualTo(major);
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            assertThat(PostgresExtensionTest.count(st, "SELECT current_setting('server_version_num')::int"))
                    .isBetween(major * 10_000L, major * 10_000L + 9_999);
        }
    }

    @Nested
    @WithPostgres(version = 13)
    class Pg13 {
        @Test
        void starts(TestDatabase database) throws SQLException {
            assertMajor(database, 13);
        }
    }

    @Nested
    @WithPostgres(version = 15)
    class Pg15 {
        @Test
        void starts(TestDatabase database) throws SQLException {
            assertMajor(database, 15);
        }
    }

    @Nested
    @WithPostgres(version = 17)
    class Pg17 {
        @Test
        void starts(TestDatabase database) throws SQLException {
            assertMajor(database, 17);
        }
    }
}
