package io.pgsafety.liquibase;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pgsafety.core.runtime.CarriedCommands;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class CarryingStatementTest extends LiquibaseCliTestBase {

    private final CarriedCommands carried = new CarriedCommands();

    @Test
    void carriedCommandsRunAheadOfTheStatementWhoseResultsLiquibaseSeesAsIfItRanAlone() throws Exception {
        try (Connection c = inTransaction(); Statement s = c.createStatement()) {
            carried.carry("SET LOCAL lock_timeout = '1234ms'; SAVEPOINT attempt", 2);

            Statement ahead = new CarryingStatement(s, carried);

            assertThat(ahead.execute("SELECT current_setting('lock_timeout')")).isTrue();
            try (ResultSet rs = ahead.getResultSet()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("1234ms");
            }
            assertThat(ahead.getMoreResults()).isFalse();
            assertThat(ahead.getUpdateCount()).isEqualTo(-1);
            assertThat(carried.pending()).isFalse();
            assertThat(ahead.execute("SELECT 1")).as("carried once only").isTrue();
            assertThat(ahead.getMoreResults()).isFalse();
            assertThat(ahead.getUpdateCount()).isEqualTo(-1);
            try (Statement rollBack = c.createStatement()) {
                rollBack.execute("ROLLBACK TO SAVEPOINT attempt");
            }
        }
    }

    @Test
    void theRowCountIsTheStatementsOwn() throws Exception {
        try (Connection c = inTransaction(); Statement s = c.createStatement()) {
            s.execute("CREATE TEMP TABLE t AS SELECT generate_series(1, 3) AS n");
            carried.carry("SAVEPOINT attempt", 1);

            Statement ahead = new CarryingStatement(s, carried);

            assertThat(ahead.execute("UPDATE t SET n = n + 1")).isFalse();
            assertThat(ahead.getUpdateCount()).isEqualTo(3);
            assertThat(ahead.getMoreResults()).isFalse();
            assertThat(ahead.getUpdateCount()).isEqualTo(-1);
        }
    }

    @Test
    void aFailingStatementThrowsItsOwnErrorAfterTheCommandsRan() throws Exception {
        try (Connection c = inTransaction(); Statement s = c.createStatement()) {
            carried.carry("SAVEPOINT attempt", 1);

            assertThatThrownBy(() -> new CarryingStatement(s, carried).execute("SELECT 1 / 0"))
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("22012"));

            s.execute("ROLLBACK TO SAVEPOINT attempt");
            assertThat(s.execute("SELECT 'usable again'")).isTrue();
        }
    }

    @Test
    void commandsNoStatementTookAreSentOnTheirOwnOnce() throws Exception {
        try (Connection c = inTransaction(); Statement s = c.createStatement()) {
            carried.carry("SET LOCAL lock_timeout = '777ms'", 1);

            carried.sendIfPending(c);
            carried.sendIfPending(c);

            try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("777ms");
            }
        }
    }

    @Test
    void discardedCommandsGoNowhere() throws Exception {
        try (Connection c = inTransaction(); Statement s = c.createStatement()) {
            carried.carry("SET LOCAL lock_timeout = '777ms'", 1);

            carried.discard();
            new CarryingStatement(s, carried).execute("SELECT 1");

            try (ResultSet rs = s.executeQuery("SELECT current_setting('lock_timeout')")) {
                rs.next();
                assertThat(rs.getString(1)).isNotEqualTo("777ms");
            }
        }
    }

    private Connection inTransaction() throws Exception {
        Connection c = cli.connect(cli.createDatabase());
        c.setAutoCommit(false);
        return c;
    }
}
