package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static io.pgsafety.core.testing.EmbeddedDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.testing.DatabaseTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LockTimeoutsTest extends DatabaseTest {


    @Test
    void outsideTransactionSetsSessionValuesAndRestoresThem() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "SET lock_timeout = '7s'");
            try (LockTimeouts t = LockTimeouts.apply(c, Duration.ofMillis(250), Duration.ofSeconds(30))) {
                assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("250ms");
                assertThat(queryString(c, "SHOW statement_timeout")).isEqualTo("30s");
            }
            assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("7s");
            assertThat(queryString(c, "SHOW statement_timeout")).isEqualTo("0");
        }
    }

    @Test
    void statementTimeoutIsLeftAloneWhenNotGiven() throws SQLException {
        try (Connection c = db.connect()) {
            execute(c, "SET statement_timeout = '5min'");
            try (LockTimeouts t = LockTimeouts.apply(c, Duration.ofSeconds(2), null)) {
                assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("2s");
                assertThat(queryString(c, "SHOW statement_timeout")).isEqualTo("5min");
            }
            assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("0");
        }
    }

    @Test
    void insideTransactionSettingsAreLocalToIt() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            LockTimeouts t = LockTimeouts.apply(c, Duration.ofMillis(300), null);
            assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("300ms");
            c.commit();
            assertThat(queryString(c, "SHOW lock_timeout")).as("gone with the transaction").isEqualTo("0");
            c.commit();

            try (LockTimeouts scoped = LockTimeouts.apply(c, Duration.ofMillis(300), null)) {
                assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("300ms");
            }
            assertThat(queryString(c, "SHOW lock_timeout")).as("restored within the transaction").isEqualTo("0");
            c.commit();
        }
    }

    @Test
    void closingInFailedTransactionLeavesRestoreToTheRollback() throws SQLException {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (LockTimeouts t = LockTimeouts.apply(c, Duration.ofMillis(300), null)) {
                assertThatThrownBy(() -> execute(c, "SELECT 1/0")).isInstanceOf(SQLException.class);
            }
            c.rollback();
            assertThat(queryString(c, "SHOW lock_timeout")).isEqualTo("0");
        }
    }
}
