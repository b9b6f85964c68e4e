package io.pgsafety.core.runtime;

import static io.pgsafety.core.testing.EmbeddedDatabase.execute;
import static io.pgsafety.core.testing.EmbeddedDatabase.queryString;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.core.testing.DatabaseTest;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GuardSessionTest extends DatabaseTest {

    private static final Duration LOCK_TIMEOUT = Duration.ofMillis(1500);

    @Test
    void insideATransactionTheCommandsGoToTheCarrierAndNothingIsSentAhead() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            List<String> carried = new ArrayList<>();
            try (GuardSession session = GuardSession.open(c, LOCK_TIMEOUT)) {
                session.carryNextAttemptWith((sql, statements) -> carried.add(statements + ": " + sql));
                session.beginAttempt(null, List.of());
                assertThat(carried).containsExactly("2: SET LOCAL lock_timeout = '1500ms'; SAVEPOINT pg_safety_attempt");
                assertThat(queryString(c, "SELECT current_setting('lock_timeout')")).as("not sent").isEqualTo("0");

                execute(c, carried.get(0).substring(3));
                session.carryNextAttemptWith((sql, statements) -> carried.add(statements + ": " + sql));
                session.beginAttempt(null, List.of());
                assertThat(carried).as("the timeout in force, the savepoint moved on").last()
                        .isEqualTo("2: RELEASE SAVEPOINT pg_safety_attempt; SAVEPOINT pg_safety_attempt");
            }
            c.rollback();
        }
    }

    @Test
    void whatMustBeReadBackOrRunsOutsideATransactionIsSentAtOnce() throws Exception {
        try (Connection c = db.connect()) {
            List<String> carried = new ArrayList<>();
            try (GuardSession session = GuardSession.open(c, LOCK_TIMEOUT)) {
                session.carryNextAttemptWith((sql, statements) -> carried.add(sql));
                session.beginAttempt(null, List.of());
                assertThat(queryString(c, "SELECT current_setting('lock_timeout')")).isEqualTo("1500ms");
            }
            assertThat(queryString(c, "SELECT current_setting('lock_timeout')")).as("put back").isEqualTo("0");

            c.setAutoCommit(false);
            try (GuardSession session = GuardSession.open(c, LOCK_TIMEOUT)) {
                session.carryNextAttemptWith((sql, statements) -> carried.add(sql));
                session.beginAttempt(Duration.ofSeconds(9), List.of());
                assertThat(queryString(c, "SELECT current_setting('statement_timeout')"))
                        .as("read before it is first changed, so sent at once").isEqualTo("9s");
            }
            c.rollback();
            assertThat(carried).isEmpty();
        }
    }

    @Test
    void aSessionGoingOnInAnotherOnesTransactionKnowsItsSavepointsAndStatementTimeout() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            GuardSession.Handover handover;
            try (GuardSession first = GuardSession.open(c, LOCK_TIMEOUT)) {
                first.beginAttempt(Duration.ofSeconds(9), List.of());
                handover = first.handover();
            }
            assertThat(handover.savepoints()).isEqualTo(1);
            List<String> carried = new ArrayList<>();
            try (GuardSession next = GuardSession.continuing(c, LOCK_TIMEOUT, handover)) {
                next.carryNextAttemptWith((sql, statements) -> carried.add(sql));
                next.beginAttempt(null, List.of());
                assertThat(carried).singleElement().asString()
                        .as("lock_timeout set again, the earlier statement's statement_timeout undone,"
                                + " the earlier savepoint left alone")
                        .contains("lock_timeout", "statement_timeout = '0'", "SAVEPOINT pg_safety_attempt")
                        .doesNotContain("RELEASE");
                assertThat(next.handover().savepoints()).isEqualTo(2);
            }
            c.rollback();
        }
    }

    @Test
    void theEndOfAMigrationPutsBackTheStatementTimeoutOfItsLastBlockingStatement() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (GuardSession session = GuardSession.open(c, LOCK_TIMEOUT)) {
                session.beginAttempt(Duration.ofSeconds(9), List.of());
                assertThat(queryString(c, "SELECT current_setting('statement_timeout')")).isEqualTo("9s");

                session.putBackStatementTimeout();

                assertThat(queryString(c, "SELECT current_setting('statement_timeout')")).isEqualTo("0");
                assertThat(session.handover()).isEqualTo(new GuardSession.Handover(1, "0", "0"));
            }
            c.rollback();
        }
    }

    @Test
    void aSessionGoingOnInATransactionWhoseSavepointsAreUsedUpRunsWithoutOne() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            List<String> carried = new ArrayList<>();
            GuardSession.Handover usedUp = new GuardSession.Handover(GuardSession.MAX_SAVEPOINTS_PER_TRANSACTION,
                    null, null);
            try (GuardSession next = GuardSession.continuing(c, LOCK_TIMEOUT, usedUp)) {
                next.carryNextAttemptWith((sql, statements) -> carried.add(sql));
                next.beginAttempt(null, List.of());
                assertThat(carried).containsExactly("SET LOCAL lock_timeout = '1500ms'");
                assertThat(next.attemptCanBeRetried()).isFalse();
            }
            c.rollback();
        }
    }
}
