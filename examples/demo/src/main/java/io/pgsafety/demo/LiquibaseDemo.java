package io.pgsafety.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.SQLException;

/**
 * The Liquibase command line with pg-safety's extension on its class path, as when the jar is
 * put into Liquibase's {@code lib/}: nothing is registered or configured.
 */
final class LiquibaseDemo {

    private static final String SHOP = "db/liquibase/shop.xml";
    private static final String RELEASE = "db/liquibase/release.xml";
    private static final String DRAFT = "db/liquibase/draft.xml";
    private static final String FIXED = "db/liquibase/fixed.xml";

    private final Console console;
    private final ShopDatabase db;
    private final LiquibaseCli liquibase;

    private LiquibaseDemo(Console console, ShopDatabase db) {
        this.console = console;
        this.db = db;
        this.liquibase = new LiquibaseCli(db);
    }

    static void run(EmbeddedPostgres server, Console console) throws SQLException, IOException {
        new LiquibaseDemo(console, ShopDatabase.create(server, "shop_liquibase")).run();
    }

    private void run() throws SQLException, IOException {
        console.section("Liquibase " + Versions.liquibase());
        expectSuccess(liquibase.update(SHOP), SHOP);
        db.fill(Demo.CUSTOMERS, Demo.ORDERS);
        db.recordDdl();

        console.step("1. The same release as first written: " + DRAFT + " adds changesets 2 and 3.");
        console.file(RELEASE, Demo.changeSets(RELEASE));
        console.file(DRAFT, Demo.changeSets(DRAFT));
        LiquibaseCli.Result draft = liquibase.update(DRAFT);
        if (draft.exitCode() == 0) {
            throw new DemoFailure("Liquibase applied the first draft: pg-safety did not block it");
        }
        console.say("liquibase update fails (exit code " + draft.exitCode() + ") and prints (less its version"
                + " header and a first copy of the error):");
        console.quote(LiquibaseCli.withoutRepeats(draft.output()));
        db.takeRecordedDdl();
        console.say("Nothing was applied, not even changeset 2: DATABASECHANGELOG holds changeset "
                + db.queryString("SELECT string_agg(id, ', ' ORDER BY orderexecuted) FROM databasechangelog")
                + " only; orders has " + db.columnState("orders", "status") + ".");

        console.step("2. The fix the finding gives: changeset 3 builds the index CONCURRENTLY.");
        console.file(FIXED, Demo.changeSets(FIXED));
        LiquibaseCli.Result fixed = expectSuccess(liquibase.update(FIXED), FIXED);
        console.say("liquibase update applies changesets 2 and 3; its output, less the version header and summary:");
        console.quote(LiquibaseCli.withoutRepeats(fixed.output()).stream()
                .filter(line -> line.startsWith("Running Changeset") || line.startsWith("Liquibase: Update"))
                .toList());
        Demo.showWhatTheServerSaw(console, db, "orders_customer_id_idx");
    }

    private static LiquibaseCli.Result expectSuccess(LiquibaseCli.Result result, String changelog) {
        if (result.exitCode() != 0) {
            throw new DemoFailure("liquibase update of " + changelog + " failed:\n"
                    + String.join("\n", result.output()));
        }
        return result;
    }
}
