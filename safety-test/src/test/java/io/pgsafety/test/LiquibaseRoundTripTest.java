package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.pgsafety.test.RoundTrip.Outcome;
import io.pgsafety.test.RoundTrip.Pair;
import java.sql.SQLException;
import liquibase.Contexts;
import liquibase.LabelExpression;
import liquibase.Liquibase;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.exception.LiquibaseException;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.junit.jupiter.api.Test;

@WithPostgres
class LiquibaseRoundTripTest {

    @Test
    void reportsEachChangesetByFileIdAndAuthor(TestDatabase database) throws Exception {
        RoundTrip.Report report;
        try (Liquibase liquibase = liquibase(database, "db/changelog/orders.xml")) {
            report = RoundTrip.checkLiquibase(liquibase, new Contexts(), new LabelExpression());
        }
        assertThat(report.pairs()).extracting(Pair::migration, Pair::outcome).containsExactly(
                tuple("db/changelog/orders.xml::1::alice", Outcome.ROUND_TRIPS),
                tuple("db/changelog/orders.xml::2::alice", Outcome.ROUND_TRIPS),
                tuple("db/changelog/orders.xml::3::alice", Outcome.ROUND_TRIPS),
                tuple("db/changelog/orders.xml::4::bob", Outcome.ROUND_TRIPS),
                tuple("db/changelog/orders.xml::5::bob", Outcome.ROUND_TRIPS),
                tuple("db/changelog/orders.xml::6::bob", Outcome.NO_UNDO));
    }

    @Test
    void wrongRollbacksFailWithTheSchemaDiffNamingTheChangeset(TestDatabase database) {
        assertThatThrownBy(() -> RoundTrip.liquibase(database.dataSource(), "db/changelog/forgotten-index.yaml"))
                .isInstanceOf(AssertionError.class)
                .hasMessage("""
                        3 of 5 changeset rollbacks do not restore the schema:
                        db/changelog/forgotten-index.yaml::2::carol: redo failed
                            schema after its rollback compared with the schema before it:
                            extra    index public.invoices_currency_idx: CREATE INDEX invoices_currency_idx ON public.invoices USING btree (currency)
                            updating again: ERROR: relation "invoices_currency_idx" already exists
                        db/changelog/forgotten-index.yaml::3::carol: schema differs
                            schema after its rollback compared with the schema before it:
                            changed  column public.invoices.currency
                                       before: text DEFAULT 'EUR'::text
                                       after:  text
                        db/changelog/forgotten-index.yaml::5::carol: undo failed
                            rollback: ERROR: table "invoice_items" does not exist""");
    }

    private static Liquibase liquibase(TestDatabase database, String changelog) throws SQLException, LiquibaseException {
        Database db = DatabaseFactory.getInstance().findCorrectDatabaseImplementation(new JdbcConnection(database.open()));
        return new Liquibase(changelog, new ClassLoaderResourceAccessor(), db);
    }
}
