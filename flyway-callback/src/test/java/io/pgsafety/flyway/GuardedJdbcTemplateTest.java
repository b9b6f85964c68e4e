package io.pgsafety.flyway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.flywaydb.core.internal.jdbc.Result;
import org.flywaydb.core.internal.jdbc.Results;
import org.junit.jupiter.api.Test;

class GuardedJdbcTemplateTest extends FlywayTestBase {

    @Test
    void carriedCommandsRunAheadOfTheStatementWhoseResultsFlywaySeesAsIfItRanAlone() throws Exception {
        try (Connection c = PostgresServer.connect(url)) {
            GuardedJdbcTemplate template = inTransaction(c);
            template.carried().carry("SET LOCAL lock_timeout = '1234ms'; SAVEPOINT attempt", 2);

            String statement = "SELECT current_setting('lock_timeout') AS in_force";
            Results results = template.executeStatement(statement);

            assertThat((Throwable) results.getException()).isNull();
            assertThat(results.getResults()).containsExactly(
                    new Result(-1, List.of("in_force"), List.of(List.of("1234ms")), statement));
            rollBackTo(c, "attempt");
            assertThat(template.executeStatement("SELECT 1").getResults()).as("carried once only").hasSize(1);
        }
    }

    @Test
    void aFailingStatementReportsItsOwnErrorAndNoResultOfTheCommands() throws Exception {
        try (Connection c = PostgresServer.connect(url)) {
            GuardedJdbcTemplate template = inTransaction(c);
            template.carried().carry("SAVEPOINT attempt", 1);

            Results results = template.executeStatement("SELECT 1 / 0");

            assertThat((Throwable) results.getException()).isNotNull();
            assertThat(results.getException().getSQLState()).isEqualTo("22012");
            assertThat(results.getResults()).isEmpty();
            rollBackTo(c, "attempt");
            assertThat(PostgresServer.query(c, "SELECT 'usable again'")).isEqualTo("usable again");
        }
    }

    @Test
    void commandsNoStatementTookAreSentOnTheirOwn() throws Exception {
        try (Connection c = PostgresServer.connect(url)) {
            GuardedJdbcTemplate template = inTransaction(c);
            template.carried().carry("SET LOCAL lock_timeout = '777ms'", 1);

            template.sendCarried();

            assertThat(PostgresServer.query(c, "SELECT current_setting('lock_timeout')")).isEqualTo("777ms");
            template.sendCarried();
        }
    }

    /** The template on {@code c}, which it leaves in a transaction, as a guarded script's statements run. */
    private static GuardedJdbcTemplate inTransaction(Connection c) throws SQLException {
        c.setAutoCommit(false);
        return new GuardedJdbcTemplate(c, new SafetyPostgreSQLDatabaseType());
    }

    private static void rollBackTo(Connection c, String savepoint) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("ROLLBACK TO SAVEPOINT " + savepoint);
        }
    }
}
