package io.pgsafety.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.pgsafety.test.RoundTrip.Outcome;
import io.pgsafety.test.RoundTrip.Pair;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@WithPostgres
class RoundTripTest {

    @Test
    void reportsEachVersion(TestDatabase database) {
        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("classpath:db/migration"));

        assertThat(report.pairs()).extracting(Pair::migration, Pair::outcome).containsExactly(
                tuple("V1 (customers and orders)", Outcome.ROUND_TRIPS),
                tuple("V2 (order notes)", Outcome.ROUND_TRIPS),
                tuple("V3 (customer order counts)", Outcome.ROUND_TRIPS));
        assertThat(report.failures()).isEmpty();
    }

    @Test
    void anUndoThatForgetsAnIndexFailsWithTheSchemaDiff(TestDatabase database, @TempDir Path history) throws Exception {
        copyExample(history);
        Files.writeString(history.resolve("U2__order_notes.sql"), "ALTER TABLE orders DROP COLUMN note;\n");

        assertThatThrownBy(() -> RoundTrip.flyway(database.dataSource(), "filesystem:" + history))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("1 of 3 undo scripts do not restore the schema")
                .hasMessageContaining("V2 (order notes): redo failed")
                .hasMessageContaining("schema after U2__order_notes.sql compared with the schema before V2")
                .hasMessageContaining("extra    index public.orders_customer_id_idx: "
                        + "CREATE INDEX orders_customer_id_idx ON public.orders USING btree (customer_id)")
                .hasMessageNotContaining("V3 (");
    }

    @Test
    void aChangedDefinitionIsShownBeforeAndAfter(TestDatabase database, @TempDir Path history) throws Exception {
        copyExample(history);
        Files.writeString(history.resolve("U3__customer_order_counts.sql"), """
                ALTER TABLE orders DROP CONSTRAINT orders_shipped_has_note;
                DROP VIEW customer_order_counts;
                DROP FUNCTION order_count(bigint);
                ALTER TABLE orders ALTER COLUMN created_at DROP DEFAULT;
                """);

        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("filesystem:" + history));

        assertThat(report.failures()).singleElement().satisfies(p -> {
            assertThat(p.migration()).isEqualTo("V3 (customer order counts)");
            assertThat(p.outcome()).isEqualTo(Outcome.SCHEMA_DIFFERS);
            assertThat(p.detail()).contains("changed  column public.orders.created_at",
                    "before: timestamp with time zone NOT NULL DEFAULT now()", "after:  timestamp with time zone NOT NULL");
        });
    }

    @Test
    void aVersionWithoutUndoIsReportedNotChecked(TestDatabase database, @TempDir Path history) throws Exception {
        copyExample(history);
        Files.delete(history.resolve("U1__customers_and_orders.sql"));

        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("filesystem:" + history));

        assertThat(report.pairs()).extracting(Pair::outcome)
                .containsExactly(Outcome.NO_UNDO, Outcome.ROUND_TRIPS, Outcome.ROUND_TRIPS);
        assertThat(report.checked()).hasSize(2);
        report.assertRoundTrips();
    }

    @Test
    void aConcurrentIndexBuildDoesNotWaitForFlywaysLock(TestDatabase database, @TempDir Path history) throws Exception {
        copyExample(history);
        Files.writeString(history.resolve("V4__orders_by_date.sql"),
                "CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);\n");
        Files.writeString(history.resolve("U4__orders_by_date.sql"), "DROP INDEX CONCURRENTLY orders_created_at_idx;\n");

        RoundTrip.Report report = RoundTrip.checkFlyway(
                Flyway.configure().dataSource(database.dataSource()).locations("filesystem:" + history));

        assertThat(report.pairs()).extracting(Pair::outcome).containsOnly(Outcome.ROUND_TRIPS).hasSize(4);
    }

    @Test
    void snapshotsSeeTheObjectsOfTheSchema(TestDatabase database) throws SQLException {
        RoundTrip.flyway(database.dataSource(), "classpath:db/migration");
        try (Connection c = database.open(); Statement st = c.createStatement()) {
            SchemaSnapshot snapshot = SchemaSnapshot.take(c, "public.flyway_schema_history");
            assertThat(snapshot.objects()).containsKeys("table public.orders", "column public.orders.status",
                    "constraint public.orders.orders_customer_id_fkey", "index public.orders_customer_id_idx",
                    "view public.customer_order_counts", "function public.order_count(bigint)",
                    "enum public.order_status", "schema public");
            assertThat(snapshot.objects().get("constraint public.orders.orders_shipped_has_note")).endsWith("(not validated)");
            assertThat(snapshot.objects().keySet()).noneMatch(k -> k.contains("flyway_schema_history"));
            st.execute("ALTER TABLE orders VALIDATE CONSTRAINT orders_shipped_has_note");
            assertThat(snapshot.diff(SchemaSnapshot.take(c, "public.flyway_schema_history"))).containsExactly(
                    "changed  constraint public.orders.orders_shipped_has_note\n"
                            + "           before: CHECK (((status <> 'shipped'::order_status) OR (note IS NOT NULL))) NOT VALID (not validated)\n"
                            + "           after:  CHECK (((status <> 'shipped'::order_status) OR (note IS NOT NULL)))");
        }
    }

    static void copyExample(Path target) throws IOException, URISyntaxException {
        Path example = Path.of(RoundTripTest.class.getResource("/db/migration").toURI());
        try (Stream<Path> files = Files.list(example)) {
            for (Path file : files.toList()) {
                Files.copy(file, target.resolve(file.getFileName()));
            }
        }
    }
}
