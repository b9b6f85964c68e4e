package io.pgsafety.core.runtime;

import io.pgsafety.core.config.SafetyConfig;
import io.pgsafety.core.sql.ast.QualifiedName;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs a JDBC action under {@code lock_timeout} and retries it when the lock wait times out
 * (SQLSTATE 55P03), with exponential backoff and jitter, instead of letting a migration queue
 * behind a long transaction while every other query queues behind the migration. Inside a
 * transaction each attempt is fenced by a savepoint, so a timeout undoes only that attempt and
 * the rest of the transaction survives. The timeouts and the savepoint are a {@link GuardSession}'s,
 * which consecutive statements share so that each costs at most one extra round trip.
 *
 * <p>When it gives up it throws {@link LockRetryExhaustedException} naming the sessions that
 * blocked it. They are seen at the moment it matters: with a {@link ConnectionSource probe},
 * a second connection asks {@code pg_blocking_pids} shortly before each attempt's lock timeout
 * expires; without one, or when the probe saw nothing, the action's own connection lists who
 * holds locks on the target relations right after the timeout.
 */
public final class LockRetry {

    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration PROBE_MARGIN = Duration.ofMillis(250);
    private static final Duration PROBE_WAIT = Duration.ofSeconds(2);

    /**
     * {@code retries} is how many times a timed-out attempt is tried again (so up to
     * {@code retries + 1} attempts); {@code statementTimeout} is null when off.
     */
    public record Policy(Duration lockTimeout, Duration statementTimeout, int retries, Duration initialBackoff) {
        public Policy {
            Objects.requireNonNull(lockTimeout, "lockTimeout");
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            if (retries < 0) {
                throw new IllegalArgumentException("retries must be >= 0: " + retries);
            }
        }

        public static Policy from(SafetyConfig config) {
            return new Policy(config.lockTimeout(), config.statementTimeout().orElse(null), config.lockRetries(),
                    config.retryBackoff());
        }
    }

    /** One try that timed out: its number (1-based), how long it waited, who blocked it, whether another follows. */
    public record Attempt(int number, Duration waited, List<Blocker> blockers, boolean willRetry) {}

    @FunctionalInterface
    public interface JdbcAction<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Opens a second connection to the same database, e.g. {@code dataSource::getConnection}. */
    @FunctionalInterface
    public interface ConnectionSource {
        Connection open() throws SQLException;
    }

    private final Policy policy;
    private final ConnectionSource probe;
    private final Consumer<Attempt> onTimeout;

    private LockRetry(Policy policy, ConnectionSource probe, Consumer<Attempt> onTimeout) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.probe = probe;
        this.onTimeout = onTimeout;
    }

    public LockRetry(Policy policy) {
        this(policy, null, attempt -> {});
    }

    /** A copy that watches each attempt's blockers from a second connection. */
    public LockRetry withProbe(ConnectionSource source) {
        return new LockRetry(policy, Objects.requireNonNull(source, "source"), onTimeout);
    }

    /** A copy that reports every timed-out attempt (before its backoff), e.g. to log it. */
    public LockRetry onTimeout(Consumer<Attempt> listener) {
        return new LockRetry(policy, probe, Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Runs {@code action} on {@code connection} with the policy's timeouts, retrying on lock
     * timeout, as one statement of its own: session values are put back afterwards, transaction-local
     * ones last until the transaction ends. {@code targets} are the relations the action locks,
     * used to name the blockers when no probe saw them; it may be empty. Any other failure
     * propagates unchanged.
     */
    public <T> T run(Connection connection, List<QualifiedName> targets, JdbcAction<T> action) throws SQLException {
        try (GuardSession session = GuardSession.open(connection, policy.lockTimeout())) {
            return run(session, targets, action);
        }
    }

    /**
     * As {@link #run(Connection, List, JdbcAction)}, for one of the consecutive statements of a
     * migration that share {@code session} (opened with the policy's lock timeout): the timeouts
     * are set only when they change.
     */
    public <T> T run(GuardSession session, List<QualifiedName> targets, JdbcAction<T> action) throws SQLException {
        return run(session, targets, List.of(), (c, mayMeetInvalidIndex) -> action.run(c));
    }

    /**
     * One try of a statement that builds {@code concurrentBuilds} concurrently, told whether it
     * may meet an INVALID index of those names: the leftover of an earlier failed build, which
     * it must drop before building again.
     */
    @FunctionalInterface
    interface BuildAttempt<T> {
        T run(Connection connection, boolean mayMeetInvalidIndex) throws SQLException;
    }

    /**
     * As {@link #run(GuardSession, List, JdbcAction)}; whether an INVALID index of
     * {@code concurrentBuilds} exists is read in the round trip that sets the timeouts, and
     * after a timed-out attempt (whose build leaves one behind) it may always.
     */
    <T> T run(GuardSession session, List<QualifiedName> targets, List<QualifiedName> concurrentBuilds,
            BuildAttempt<T> action) throws SQLException {
        Connection connection = session.connection();
        List<Attempt> timedOut = new ArrayList<>();
        boolean mayMeetInvalidIndex = session.beginAttempt(policy.statementTimeout(), concurrentBuilds);
        try (Watch watch = probe == null ? null : new Watch(probe, session.backendPid(), probeDelay())) {
            for (int number = 1; ; number++) {
                ScheduledFuture<List<Blocker>> sighting = watch == null ? null : watch.schedule();
                long start = System.nanoTime();
                try {
                    return action.run(connection, mayMeetInvalidIndex || number > 1);
                } catch (SQLException e) {
                    if (!isLockTimeout(e)) {
                        throw e;
                    }
                    Duration waited = Duration.ofNanos(System.nanoTime() - start);
                    session.rollBackAttempt();
                    boolean savepointCapped = !session.attemptCanBeRetried();
                    // Without a savepoint the timeout aborted the transaction: nothing more can be read on it.
                    Attempt attempt = new Attempt(number, waited,
                            blockers(watch, sighting, connection, savepointCapped ? List.of() : targets, e),
                            number <= policy.retries() && !savepointCapped);
                    timedOut.add(attempt);
                    onTimeout.accept(attempt);
                    if (!attempt.willRetry()) {
                        throw new LockRetryExhaustedException(policy.lockTimeout(), timedOut, e,
                                savepointCapped && number <= policy.retries());
                    }
                    pause(delay(policy.initialBackoff(), number, ThreadLocalRandom.current().nextDouble()),
                            timedOut, e);
                } finally {
                    if (sighting != null) {
                        sighting.cancel(false);
                    }
                }
            }
        }
    }

    /** 55P03 on the exception or anything it wraps (a batch reports it as its next exception). */
    static boolean isLockTimeout(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (SQLException s = t instanceof SQLException sql ? sql : null; s != null; s = s.getNextException()) {
                if (LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Backoff before retry {@code retry} (1-based): the initial backoff doubled per earlier retry,
     * capped at {@link #MAX_BACKOFF}, then jittered into its upper half by {@code random} in
     * [0, 1) so that several blocked migrations do not retry in lock-step.
     */
    static Duration delay(Duration initial, int retry, double random) {
        long cap = MAX_BACKOFF.toMillis();
        long base = initial.toMillis();
        for (int i = 1; i < retry && base < cap; i++) {
            base *= 2;
        }
        base = Math.min(base, cap);
        return Duration.ofMillis(base / 2 + Math.round(base / 2.0 * random));
    }

    private Duration probeDelay() {
        Duration timeout = policy.lockTimeout();
        Duration half = timeout.dividedBy(2);
        return timeout.minus(half.compareTo(PROBE_MARGIN) < 0 ? half : PROBE_MARGIN);
    }

    /**
     * What the probe saw while the attempt waited, else who holds locks on the targets now. A
     * failed look-up is attached to the timeout rather than replacing it.
     */
    private static List<Blocker> blockers(Watch watch, ScheduledFuture<List<Blocker>> sighting, Connection connection,
            List<QualifiedName> targets, SQLException timeout) {
        List<Blocker> seen = watch == null ? List.of() : watch.outcome(sighting);
        if (!seen.isEmpty()) {
            return seen;
        }
        List<Blocker> holders = new ArrayList<>();
        try {
            for (QualifiedName target : targets) {
                for (Blocker b : BlockerReport.holdingLocksOn(connection, target)) {
                    if (holders.stream().noneMatch(h -> h.pid() == b.pid())) {
                        holders.add(b);
                    }
                }
            }
        } catch (SQLException lookupFailed) {
            timeout.addSuppressed(lookupFailed);
        }
        return holders;
    }

    private void pause(Duration delay, List<Attempt> timedOut, SQLException last) throws LockRetryExhaustedException {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            LockRetryExhaustedException e = new LockRetryExhaustedException(policy.lockTimeout(), timedOut, last, false);
            e.addSuppressed(interrupted);
            throw e;
        }
    }

    /**
     * The second connection and the thread that uses it: for each attempt, one look at
     * {@code pg_blocking_pids} of the migration's backend shortly before its lock timeout.
     * A probe that fails only loses that look; the lock-holder query still names the blockers.
     */
    private static final class Watch implements AutoCloseable {
        /** One daemon thread for every watch: a statement that gets its lock at once costs no thread start. */
        private static final ScheduledThreadPoolExecutor PROBES = probeThread();

        private final ConnectionSource source;
        private final int blockedPid;
        private final Duration delay;
        private final ScheduledFuture<?> connecting;
        private volatile Connection connection;
        private volatile SQLException connectFailure;
        private boolean closed;

        Watch(ConnectionSource source, int blockedPid, Duration delay) {
            this.source = source;
            this.blockedPid = blockedPid;
            this.delay = delay;
            // Connect half way to the first look: early enough for it, and a statement that is done
            // sooner (nearly every one) never opens the second connection.
            this.connecting = PROBES.schedule(this::connect, delay.toMillis() / 2, TimeUnit.MILLISECONDS);
        }

        private static ScheduledThreadPoolExecutor probeThread() {
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "pg-safety-blocker-probe");
                t.setDaemon(true);
                return t;
            });
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }

        private synchronized void connect() {
            if (closed) {
                return;
            }
            try {
                connection = source.open();
                connection.setAutoCommit(true);
            } catch (SQLException e) {
                connectFailure = e;
            }
        }

        ScheduledFuture<List<Blocker>> schedule() {
            return PROBES.schedule(this::look, delay.toMillis(), TimeUnit.MILLISECONDS);
        }

        private List<Blocker> look() throws SQLException {
            Connection probe = connection;
            if (probe == null) {
                throw connectFailure != null ? connectFailure : new SQLException("the probe connection is not open yet");
            }
            return BlockerReport.blocking(probe, blockedPid);
        }

        List<Blocker> outcome(ScheduledFuture<List<Blocker>> sighting) {
            try {
                return sighting.get(PROBE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            } catch (ExecutionException | TimeoutException | CancellationException e) {
                return List.of();
            }
        }

        @Override
        public void close() throws SQLException {
            connecting.cancel(false);
            synchronized (this) {
                closed = true;
                if (connection != null) {
                    connection.close();
                }
            }
        }
    }
}
