package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.analysis.Analyzer;
import io.pgsafety.core.analysis.Catalog;
import io.pgsafety.core.analysis.Finding;
import io.pgsafety.core.analysis.JdbcCatalog;
import io.pgsafety.core.analysis.Migration;
import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.test.LockTrace.StatementTrace;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The analyzer's verdicts with the live catalog of a real server ({@link JdbcCatalog}): the
 * current column types decide {@code change-column-type}, and the server's own rewrites (seen by
 * {@link LockTracer}) agree; validated NOT NULL checks decide {@code set-not-null}; absent tables
 * are not existing tables; the server's version decides version-dependent rules.
 */
class LiveCatalogVerdictsTest {

    private static final String ACCOUNTS = """
            CREATE TABLE accounts (
                id bigint PRIMARY KEY,
                name varchar(20) NOT NULL,
                balance numeric(10, 2) NOT NULL,
                network cidr,
                seen_at timestamp(3),
                flags bit varying(8),
                login_count int NOT NULL,
                external_ref text,
                owner_id bigint);
            INSERT INTO accounts
            SELECT g, 'acct' || g, g * 1.25, '10.0.0.0/8', timestamp '2024-01-01' + g * interval '1 minute',
                   B'1010', g % 100, (g * 7)::text, g
            FROM generate_series(1, 3000) g;
            CREATE INDEX accounts_name_idx ON accounts (name);
            ANALYZE accounts;
            """;

    @WithPostgres
    @Nested
    class OnTheDefaultVersion {

        private TestDatabase database;

        @BeforeEach
        void accounts(TestDatabase database) throws SQLException {
            this.database = database;
            CatalogProofTest.runAsWritten(database, ACCOUNTS);
        }

        @ParameterizedTest(name = "{0} {1}: flagged={2}")
        @CsvSource(delimiter = '|', textBlock = """
                name         | varchar(40)                                 | false
                name         | varchar                                     | false
                name         | text                                        | false
                balance      | numeric(12, 2)                              | false
                balance      | numeric                                     | false
                network      | inet                                        | false
                seen_at      | timestamp(6)                                | false
                seen_at      | timestamp                                   | false
                flags        | bit varying(16)                             | false
                flags        | bit varying                                 | false
                login_count  | bigint                                      | true
                external_ref | int USING external_ref::int                 | true
                name         | varchar(10)                                 | true
                balance      | numeric(10, 4)                              | true
                balance      | numeric(8, 2)                               | true
                seen_at      | timestamp(0)                                | true
                owner_id     | int                                         | true
                network      | text                                        | true
                """)
        void changeColumnTypeFollowsTheCurrentTypeAndTheServerAgrees(String column, String type, boolean flagged)
                throws SQLException {
            String sql = "ALTER TABLE accounts ALTER COLUMN " + column + " TYPE " + type + ";";

            assertThat(liveFindings(sql, "change-column-type")).as("flagged with the live catalog").hasSize(flagged ? 1 : 0);
            StatementTrace traced = LockTracer.on(database).trace(sql).statement(0);
            assertThat(traced.failed()).as(traced.error()).isFalse();
            assertThat(traced.rewrote("public.accounts")).as("PostgreSQL rewrites the table").isEqualTo(flagged);
        }

        @Test
        void withoutACatalogATypeChangeIsFlaggedUnlessProvablySafe() {
            assertThat(staticFindings("ALTER TABLE accounts ALTER COLUMN login_count TYPE bigint;", "change-column-type", 16))
                    .hasSize(1);
        }

        @Test
        void setNotNullPassesOnlyWithAValidatedCheck() throws SQLException {
            String setNotNull = "ALTER TABLE accounts ALTER COLUMN owner_id SET NOT NULL;";
            execute("ALTER TABLE accounts ADD CONSTRAINT accounts_owner_id_not_null CHECK (owner_id IS NOT NULL) NOT VALID");

            assertThat(liveFindings(setNotNull, "set-not-null")).as("only a NOT VALID check").hasSize(1);
            assertThat(LockTracer.on(database).trace(setNotNull).statement(0).scanned("public.accounts"))
                    .as("PostgreSQL scans the table").isTrue();

            execute("ALTER TABLE accounts VALIDATE CONSTRAINT accounts_owner_id_not_null");

            assertThat(liveFindings(setNotNull, "set-not-null")).as("validated check").isEmpty();
            StatementTrace traced = LockTracer.on(database).trace(setNotNull).statement(0);
            assertThat(traced.scans()).as("PostgreSQL skips the scan").isEmpty();
            assertThat(traced.columns()).extracting(LockTrace.ColumnChange::event).contains(LockTrace.ColumnEvent.NOT_NULL_SET);
        }

        @Test
        void aTableAbsentFromTheCatalogIsNotAnExistingTable() throws SQLException {
            String sql = "CREATE INDEX invoices_account_id_idx ON invoices (account_id);";

            assertThat(liveFindings(sql, "create-index-non-concurrent")).isEmpty();
            assertThat(staticFindings(sql, "create-index-non-concurrent", 16)).as("static mode assumes it exists").hasSize(1);
            assertThat(liveFindings("CREATE INDEX accounts_owner_id_idx ON accounts (owner_id);", "create-index-non-concurrent"))
                    .hasSize(1);
        }

        @Test
        void theServersVersionWinsOverTheConfiguredOne() throws SQLException {
            String addValue = "BEGIN;\nALTER TYPE account_kind ADD VALUE 'partner';\nCOMMIT;\n";
            execute("CREATE TYPE account_kind AS ENUM ('personal', 'business')");
            SafetyConfig pg11 = SafetyConfig.builder().pgVersion(11).build();

            try (Connection c = database.open()) {
                Analyzer live = new Analyzer(pg11, new JdbcCatalog(c));
                assertThat(live.pgVersion()).isEqualTo(database.serverMajorVersion());
                assertThat(findings(live, addValue, "enum-add-value-in-transaction")).isEmpty();
            }
            assertThat(new Analyzer(pg11, Catalog.NONE).pgVersion()).isEqualTo(11);
            assertThat(staticFindings(addValue, "enum-add-value-in-transaction", 11)).hasSize(1);
            CatalogProofTest.runAsWritten(database, addValue);
        }

        private List<Finding> liveFindings(String sql, String rule) throws SQLException {
            try (Connection c = database.open()) {
                return findings(new Analyzer(SafetyConfig.defaults(), new JdbcCatalog(c)), sql, rule);
            }
        }

        private void execute(String sql) throws SQLException {
            try (Connection c = database.open(); Statement st = c.createStatement()) {
                st.execute(sql);
            }
        }
    }

    /** DETACH PARTITION … CONCURRENTLY exists from 14: on 13 the finding must not offer it. */
    @WithPostgres(version = 13)
    @Nested
    class OnPostgres13 {

        @Test
        void detachPartitionOffersNoConcurrentFormTheServerLacks(TestDatabase database) throws SQLException {
            CatalogProofTest.runAsWritten(database, """
                    CREATE TABLE events (id bigint NOT NULL, at date NOT NULL) PARTITION BY RANGE (at);
                    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                    """);
            String detach = "ALTER TABLE events DETACH PARTITION events_2024;";
            try (Connection c = database.open()) {
                List<Finding> findings = findings(new Analyzer(SafetyConfig.builder().pgVersion(16).build(), new JdbcCatalog(c)),
                        detach, "detach-partition-non-concurrent");
                assertThat(findings).singleElement().satisfies(f -> assertThat(f.safeAlternative())
                        .contains("PostgreSQL 13 has no online form").doesNotContain("events_2024 CONCURRENTLY"));
            }
            assertThat(LockTracer.on(database).trace("ALTER TABLE events DETACH PARTITION events_2024 CONCURRENTLY;")
                    .failure()).get().satisfies(f -> assertThat(f.error()).startsWith("42601"));
        }
    }

    static List<Finding> findings(Analyzer analyzer, String sql, String rule) {
        return analyzer.analyze(List.of(Migration.builder("V1__test.sql", sql).build())).findings().stream()
                .filter(f -> f.rule().equals(rule)).toList();
    }

    static List<Finding> staticFindings(String sql, String rule, int pg) {
        return findings(new Analyzer(SafetyConfig.builder().pgVersion(pg).build(), Catalog.NONE), sql, rule);
    }
}
