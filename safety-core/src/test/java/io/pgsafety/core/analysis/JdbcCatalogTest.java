package io.pgsafety.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.ObjectKind;
import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JdbcCatalogTest {

    private static EmbeddedDatabase postgres;

    @BeforeAll
    static void startServer() throws Exception {
        postgres = EmbeddedDatabase.start();
        try (Connection c = connect()) {
            execute(c, """
                    CREATE SCHEMA app;
                    CREATE TABLE orders (id bigint PRIMARY KEY, email varchar(20), amount numeric(10,2),
                                         created timestamp(3), note text, legacy int);
                    INSERT INTO orders SELECT g, 'u' || g, g, now(), NULL, g FROM generate_series(1, 1000) g;
                    ALTER TABLE orders DROP COLUMN legacy;
                    ALTER TABLE orders ADD CONSTRAINT orders_email_present CHECK (email IS NOT NULL);
                    ALTER TABLE orders ADD CONSTRAINT orders_note_present CHECK (note IS NOT NULL) NOT VALID;
                    ALTER TABLE orders ADD CONSTRAINT orders_amount_positive CHECK (amount IS NOT NULL AND amount > 0);
                    CREATE INDEX orders_email_idx ON orders (email);
                    ANALYZE orders;
                    CREATE TABLE never_analyzed (id int);
                    CREATE TABLE "MixedCase" ("UserId" int CHECK ("UserId" IS NOT NULL), "select" int);
                    CREATE TABLE app.orders (id int, app_only_column text);
                    CREATE TABLE app.only_in_app (id int);
                    CREATE TABLE events (id int, at date) PARTITION BY RANGE (at);
                    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
                    CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
                    INSERT INTO events SELECT g, date '2024-06-01' FROM generate_series(1, 300) g;
                    INSERT INTO events SELECT g, date '2025-06-01' FROM generate_series(1, 200) g;
                    ANALYZE events;
                    CREATE INDEX events_at_idx ON events (at);
                    CREATE TABLE dups (v int);
                    INSERT INTO dups VALUES (1), (1);
                    CREATE MATERIALIZED VIEW order_totals AS SELECT count(*) AS n FROM orders;
                    CREATE VIEW recent_orders AS SELECT id FROM orders WHERE id > 900;
                    CREATE SEQUENCE invoice_seq;
                    CREATE TABLE "we""ird.name'); DROP TABLE orders; --" ("a b" smallint);
                    """);
            try {
                execute(c, "CREATE UNIQUE INDEX CONCURRENTLY dups_v_idx ON dups (v)");
            } catch (SQLException expected) {
                // duplicate key: leaves dups_v_idx behind, INVALID
            }
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        postgres.close();
    }

    private static Connection connect() throws SQLException {
        return postgres.connect();
    }

    private static void execute(Connection c, String sql) throws SQLException {
        EmbeddedDatabase.execute(c, sql);
    }

    private static QualifiedName name(String name) {
        return new QualifiedName(null, name, null);
    }

    private static QualifiedName name(String schema, String name) {
        return new QualifiedName(schema, name, null);
    }

    @Test
    void isLiveAndKnowsTheServerVersion() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.isLive()).isTrue();
            assertThat(catalog.serverMajorVersion()).hasValue(c.getMetaData().getDatabaseMajorVersion());
            System.out.println("Embedded PostgreSQL: " + c.getMetaData().getDatabaseProductVersion());
        }
    }

    @Test
    void analysedTableHasRowEstimateAndSchema() throws SQLException {
        try (Connection c = connect()) {
            RelationInfo orders = new JdbcCatalog(c).relation(name("orders")).orElseThrow();
            assertThat(orders.name()).isEqualTo(name("public", "orders"));
            assertThat(orders.kind()).isEqualTo(ObjectKind.TABLE);
            assertThat(orders.partitioned()).isFalse();
            assertThat(orders.estimatedRows()).isEqualTo(1000);
            assertThat(orders.table()).isNull();
            assertThat(orders.valid()).isTrue();
        }
    }

    @Test
    void tableNeverAnalysedHasUnknownRowCount() throws SQLException {
        try (Connection c = connect()) {
            assertThat(new JdbcCatalog(c).relation(name("never_analyzed")).orElseThrow().estimatedRows()).isEqualTo(-1);
        }
    }

    @Test
    void partitionedTableSumsItsPartitions() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            RelationInfo events = catalog.relation(name("events")).orElseThrow();
            assertThat(events.kind()).isEqualTo(ObjectKind.TABLE);
            assertThat(events.partitioned()).isTrue();
            assertThat(events.estimatedRows()).isEqualTo(500);

            RelationInfo partition = catalog.relation(name("events_2024")).orElseThrow();
            assertThat(partition.partitioned()).isFalse();
            assertThat(partition.estimatedRows()).isEqualTo(300);

            RelationInfo index = catalog.relation(name("events_at_idx")).orElseThrow();
            assertThat(index.kind()).isEqualTo(ObjectKind.INDEX);
            assertThat(index.partitioned()).isTrue();
            assertThat(index.table()).isEqualTo(name("public", "events"));
            assertThat(index.valid()).isTrue();
        }
    }

    @Test
    void indexKnowsItsTableAndValidity() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            RelationInfo valid = catalog.relation(name("orders_email_idx")).orElseThrow();
            assertThat(valid.kind()).isEqualTo(ObjectKind.INDEX);
            assertThat(valid.partitioned()).isFalse();
            assertThat(valid.table()).isEqualTo(name("public", "orders"));
            assertThat(valid.valid()).isTrue();

            RelationInfo invalid = catalog.relation(name("dups_v_idx")).orElseThrow();
            assertThat(invalid.table()).isEqualTo(name("public", "dups"));
            assertThat(invalid.valid()).isFalse();
        }
    }

    @Test
    void otherRelationKinds() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.relation(name("order_totals")).orElseThrow().kind()).isEqualTo(ObjectKind.MATERIALIZED_VIEW);
            assertThat(catalog.relation(name("recent_orders")).orElseThrow().kind()).isEqualTo(ObjectKind.VIEW);
            assertThat(catalog.relation(name("invoice_seq")).orElseThrow().kind()).isEqualTo(ObjectKind.SEQUENCE);
        }
    }

    @Test
    void missingObjectsAreEmptyWithoutWarnings() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.relation(name("no_such_table"))).isEmpty();
            assertThat(catalog.relation(name("no_such_schema", "orders"))).isEmpty();
            assertThat(catalog.relation(name("mixedcase"))).isEmpty();
            assertThat(catalog.columnType(name("no_such_table"), "id")).isEmpty();
            assertThat(catalog.columnType(name("orders"), "no_such_column")).isEmpty();
            assertThat(catalog.hasValidatedNotNullCheck(name("no_such_table"), "id")).isFalse();
            assertThat(catalog.warnings()).isEmpty();
        }
    }

    @Test
    void namesResolveThroughSearchPath() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog defaultPath = new JdbcCatalog(c);
            assertThat(defaultPath.relation(name("only_in_app"))).isEmpty();
            assertThat(defaultPath.relation(name("app", "only_in_app")).orElseThrow().name())
                    .isEqualTo(name("app", "only_in_app"));

            execute(c, "SET search_path = app, public");
            JdbcCatalog appFirst = new JdbcCatalog(c);
            assertThat(appFirst.relation(name("orders")).orElseThrow().name()).isEqualTo(name("app", "orders"));
            assertThat(appFirst.columnType(name("orders"), "app_only_column")).hasValue("text");
            assertThat(appFirst.relation(name("only_in_app"))).isPresent();
            assertThat(appFirst.relation(name("never_analyzed")).orElseThrow().name())
                    .isEqualTo(name("public", "never_analyzed"));
        }
    }

    @Test
    void quotedMixedCaseNames() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            RelationInfo mixed = catalog.relation(name("MixedCase")).orElseThrow();
            assertThat(mixed.name()).isEqualTo(name("public", "MixedCase"));
            assertThat(catalog.columnType(name("MixedCase"), "UserId")).hasValue("integer");
            assertThat(catalog.columnType(name("MixedCase"), "userid")).isEmpty();
            assertThat(catalog.columnType(name("MixedCase"), "select")).hasValue("integer");
            assertThat(catalog.hasValidatedNotNullCheck(name("MixedCase"), "UserId")).isTrue();

            String odd = "we\"ird.name'); DROP TABLE orders; --";
            assertThat(catalog.relation(name(odd)).orElseThrow().name()).isEqualTo(name("public", odd));
            assertThat(catalog.columnType(name("public", odd), "a b")).hasValue("smallint");
            assertThat(catalog.relation(name("orders"))).isPresent();
            assertThat(catalog.warnings()).isEmpty();
        }
    }

    @Test
    void columnTypesAsFormatTypePrintsThem() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.columnType(name("orders"), "id")).hasValue("bigint");
            assertThat(catalog.columnType(name("orders"), "email")).hasValue("character varying(20)");
            assertThat(catalog.columnType(name("orders"), "amount")).hasValue("numeric(10,2)");
            assertThat(catalog.columnType(name("orders"), "created")).hasValue("timestamp(3) without time zone");
            assertThat(catalog.columnType(name("public", "orders"), "note")).hasValue("text");
            assertThat(catalog.columnType(name("orders"), "legacy")).as("dropped column").isEmpty();
        }
    }

    @Test
    void onlyValidatedSingleColumnChecksProveNotNull() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.hasValidatedNotNullCheck(name("orders"), "email")).isTrue();
            assertThat(catalog.hasValidatedNotNullCheck(name("orders"), "note")).as("NOT VALID").isFalse();
            assertThat(catalog.hasValidatedNotNullCheck(name("orders"), "amount")).as("compound check").isFalse();
            assertThat(catalog.hasValidatedNotNullCheck(name("orders"), "id")).as("primary key only").isFalse();
        }
    }

    @Test
    void answersComeFromOneQueryPerRelationThenTheCache() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            assertThat(catalog.relation(name("never_analyzed"))).isPresent();
            execute(c, "DROP TABLE never_analyzed");
            try {
                assertThat(catalog.relation(name("never_analyzed"))).isPresent();
                assertThat(catalog.columnType(name("never_analyzed"), "id")).hasValue("integer");
            } finally {
                execute(c, "CREATE TABLE never_analyzed (id int)");
            }
        }
    }

    @Test
    void prefetchReadsManyRelationsInOneQueryFoundOrNot() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            catalog.prefetch(List.of(name("never_analyzed"), name("app", "orders"), name("no_such_table"),
                    name("orders_email_idx")));
            execute(c, "DROP TABLE never_analyzed; CREATE TABLE no_such_table (id int)");
            try {
                assertThat(catalog.relation(name("never_analyzed"))).isPresent();
                assertThat(catalog.columnType(name("app", "orders"), "app_only_column")).hasValue("text");
                assertThat(catalog.relation(name("no_such_table"))).isEmpty();
                assertThat(catalog.relation(name("orders_email_idx"))).get()
                        .satisfies(index -> assertThat(index.table()).isEqualTo(name("public", "orders")));
                assertThat(catalog.isUnknown(name("no_such_table"))).isFalse();
                assertThat(catalog.warnings()).isEmpty();
            } finally {
                execute(c, "DROP TABLE no_such_table; CREATE TABLE never_analyzed (id int)");
            }
        }
    }

    @Test
    void readingAnIndexAlsoReadsItsTableUnderItsSchemaQualifiedName() throws SQLException {
        try (Connection c = connect()) {
            JdbcCatalog catalog = new JdbcCatalog(c);
            QualifiedName table = catalog.relation(name("orders_email_idx")).orElseThrow().table();
            execute(c, "ALTER TABLE orders ADD COLUMN added_later int");
            try {
                assertThat(table).isEqualTo(name("public", "orders"));
                assertThat(catalog.columnType(table, "email")).as("read with the index").hasValue("character varying(20)");
                assertThat(catalog.columnType(table, "added_later")).isEmpty();
                assertThat(catalog.columnType(name("orders"), "added_later")).as("another name, read on its own")
                        .hasValue("integer");
            } finally {
                execute(c, "ALTER TABLE orders DROP COLUMN added_later");
            }
        }
    }

    /** A session in a transaction that holds {@code table} in ACCESS EXCLUSIVE mode. */
    private static Connection holding(String table) throws SQLException {
        Connection holder = connect();
        holder.setAutoCommit(false);
        execute(holder, "LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
        return holder;
    }

    /** A session in a transaction that waits 50 ms at most for a lock. */
    private static Connection impatientInTransaction() throws SQLException {
        Connection c = connect();
        c.setAutoCommit(false);
        execute(c, "SET LOCAL lock_timeout = '50ms'");
        return c;
    }

    @Test
    void readsRelationsThatAnotherSessionHoldsLocked() throws Exception {
        try (Connection holder = holding("dups"); Connection c = impatientInTransaction()) {
            JdbcCatalog catalog = new JdbcCatalog(c);

            catalog.prefetch(List.of(name("dups"), name("orders")));

            assertThat(catalog.relation(name("dups"))).isPresent();
            assertThat(catalog.columnType(name("dups"), "v")).hasValue("integer");
            assertThat(catalog.warnings()).isEmpty();
            c.commit();
            holder.rollback();
        }
    }

    /** A lock on a system catalog the read needs is the one way left to make it fail on demand. */
    @Test
    void failedPrefetchLeavesEachRelationToItsOwnRead() throws Exception {
        try (Connection holder = holding("pg_catalog.pg_constraint"); Connection c = impatientInTransaction()) {
            JdbcCatalog catalog = new JdbcCatalog(c);

            catalog.prefetch(List.of(name("dups"), name("orders")));
            holder.rollback();

            assertThat(catalog.warnings()).isEmpty();
            assertThat(catalog.relation(name("orders"))).isPresent();
            assertThat(catalog.relation(name("dups"))).isPresent();
            assertThat(catalog.warnings()).isEmpty();
            c.commit();
        }
    }

    @Test
    void failureInsideTransactionBecomesWarningAndKeepsTheTransactionUsable() throws Exception {
        try (Connection holder = holding("pg_catalog.pg_constraint"); Connection c = impatientInTransaction()) {
            JdbcCatalog catalog = new JdbcCatalog(c);

            assertThat(catalog.relation(name("dups"))).isEmpty();
            assertThat(catalog.warnings()).singleElement().asString()
                    .contains("dups").contains("lock timeout");
            holder.rollback();
            assertThat(catalog.relation(name("orders"))).isPresent();
            c.commit();
        }
    }

    @Test
    void closedConnectionGivesWarningsNotExceptions() throws SQLException {
        Connection c = connect();
        c.close();
        JdbcCatalog catalog = new JdbcCatalog(c);
        assertThat(catalog.serverMajorVersion()).isEmpty();
        assertThat(catalog.relation(name("orders"))).isEmpty();
        assertThat(catalog.hasValidatedNotNullCheck(name("orders"), "email")).isFalse();
        assertThat(catalog.warnings()).hasSize(2);
    }
}
