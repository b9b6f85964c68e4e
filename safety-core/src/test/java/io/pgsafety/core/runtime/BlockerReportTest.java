package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.backendPid;
import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.sql.ast.QualifiedName;
import io.pgsafety.core.testing.EmbeddedDatabase;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BlockerReportTest {

    private static EmbeddedDatabase db;

    @BeforeAll
    static void start() throws Exception {
        db = EmbeddedDatabase.start();
        try (Connection c = db.connect()) {
            execute(c, "CREATE TABLE ledger (id int, note text)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        db.close();
    }

    @Test
    void namesTheSessionsABackendWaitsForAndTheLockHolders() throws Exception {
        try (Connection holder = db.connect("batch-job"); Connection waiter = db.connect("migration");
                Connection probe = db.connect()) {
            int holderPid = backendPid(holder);
            int waiterPid = backendPid(waiter);
            holder.setAutoCommit(false);
            execute(holder, "LOCK TABLE ledger IN SHARE MODE");
            execute(holder, "SELECT count(*) FROM ledger WHERE note = 'private' AND id > 1000");

            CompletableFuture<Void> waiting = CompletableFuture.runAsync(() -> {
                try {
                    execute(waiter, "SET lock_timeout = '10s'; ALTER TABLE ledger ADD COLUMN amount int");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            List<Blocker> blocking = List.of();
            for (int i = 0; i < 250 && blocking.isEmpty(); i++) {
                Thread.sleep(20);
                blocking = BlockerReport.blocking(probe, waiterPid);
            }

            assertThat(blocking).singleElement().satisfies(b -> {
                assertThat(b.pid()).isEqualTo(holderPid);
                assertThat(b.applicationName()).isEqualTo("batch-job");
                assertThat(b.user()).isEqualTo("postgres");
                assertThat(b.state()).isEqualTo("idle in transaction");
                assertThat(b.transactionAge()).isPositive();
                assertThat(b.stateAge()).isPositive();
                assertThat(b.waitEvent()).isEqualTo("Client:ClientRead");
                assertThat(b.query()).isEqualTo("SELECT count(*) FROM ledger WHERE note = ? AND id > ?");
                assertThat(b.describe()).startsWith("pid " + holderPid + " application 'batch-job' user 'postgres', "
                        + "idle in transaction for ").doesNotContain("private");
            });

            List<Blocker> holders = BlockerReport.holdingLocksOn(probe, new QualifiedName(null, "ledger", null));
            assertThat(holders).extracting(Blocker::pid).containsExactly(holderPid);
            assertThat(holders.get(0).lockModes()).isEqualTo("AccessShareLock, ShareLock");

            holder.commit();
            waiting.join();
            assertThat(BlockerReport.blocking(probe, waiterPid)).isEmpty();
        }
    }

    @Test
    void describesAnEmptyListHonestly() {
        assertThat(BlockerReport.describe(List.of())).startsWith("No blocking session was seen");
    }
}
