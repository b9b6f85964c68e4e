package io.pgsafety.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;

/**
 * Flyway with pg-safety on its class path, as an application or the Flyway command line has it:
 * nothing is registered or configured, the plugin's callback is found by Flyway itself.
 */
final class FlywayDemo {

    private static final String SHOP = "db/flyway/shop";
    private static final String RELEASE = "db/flyway/release";
    private static final String DRAFT = "db/flyway/draft";
    private static final String FIXED = "db/flyway/fixed";

    private final Console console;
    private final ShopDatabase db;
    private final FlywayLog log;

    private FlywayDemo(Console console, ShopDatabase db, FlywayLog log) {
        this.console = console;
        this.db = db;
        this.log = log;
    }

    static void run(EmbeddedPostgres server, Console console) throws SQLException, IOException {
        FlywayLog log = FlywayLog.install();
        new FlywayDemo(console, ShopDatabase.create(server, "shop_flyway"), log).run();
    }

    private void run() throws SQLException, IOException {
        console.section("Flyway " + Versions.flyway());
        flyway(SHOP).migrate();
        db.fill(Demo.CUSTOMERS, Demo.ORDERS);
        db.recordDdl();
        log.take();

        console.step("1. The release as first written: V2 and V3 are pending (with their undo scripts U2 and U3).");
        showPending(RELEASE, DRAFT);
        console.say("flyway migrate fails with this message:");
        try {
            flyway(SHOP, RELEASE, DRAFT).migrate();
            throw new DemoFailure("Flyway applied the first draft: pg-safety did not block it\n" + String.join("\n", log.take()));
        } catch (FlywayException e) {
            console.quote(e.getMessage().lines().toList());
        }
        log.take();
        db.takeRecordedDdl();
        console.say("Nothing was applied, not even V2: flyway_schema_history holds version "
                + db.queryString("SELECT string_agg(version, ', ' ORDER BY installed_rank) FROM flyway_schema_history")
                + " only; orders has " + db.columnState("orders", "status") + ".");

        console.step("2. The fix the finding gives: V3 builds the index CONCURRENTLY.");
        showPending(FIXED);
        log.take();
        flyway(SHOP, RELEASE, FIXED).migrate();
        console.say("flyway migrate applies V2 and V3; Flyway's log, its lines about pg-safety and the migrations:");
        console.quote(log.take().stream()
                .filter(line -> line.startsWith("pg-safety") || line.startsWith("Migrating schema")
                        || line.startsWith("Successfully applied"))
                .toList());
        Demo.showWhatTheServerSaw(console, db, "orders_customer_id_idx");
        console.say("(lock_timeout: how long a statement may wait for its lock before it gives up, instead of");
        console.say("holding up every query that queues behind it; 0 means no limit.)");
    }

    /** The pending versioned scripts found in {@code locations}, with their SQL. */
    private void showPending(String... locations) throws IOException {
        for (MigrationInfo pending : flyway(locations).info().pending()) {
            String script = pending.getScript();
            console.file(script, Demo.resourceLines(resourceOf(script, locations)));
        }
    }

    private static String resourceOf(String script, String... locations) {
        for (String location : locations) {
            String resource = location + "/" + script;
            if (FlywayDemo.class.getClassLoader().getResource(resource) != null) {
                return resource;
            }
        }
        throw new DemoFailure("no resource " + script + " in " + List.of(locations));
    }

    private Flyway flyway(String... locations) {
        List<String> classpath = new ArrayList<>();
        for (String location : locations) {
            classpath.add("classpath:" + location);
        }
        return Flyway.configure()
                .dataSource(db.url(), ShopDatabase.USER, ShopDatabase.PASSWORD)
                .locations(classpath.toArray(String[]::new))
                .loggers(FlywayLog.LOGGERS)
                .load();
    }
}
