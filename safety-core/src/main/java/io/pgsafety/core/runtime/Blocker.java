package io.pgsafety.core.runtime;

import java.time.Duration;
import java.util.Locale;

/**
 * A session that blocked a migration statement, as {@code pg_stat_activity} showed it.
 * {@code transactionAge} is null when the session had no open transaction; {@code waitEvent}
 * ({@code type:event}) is null when it was not waiting; {@code query} is its current or last
 * statement without literals (see {@link QueryShape}); {@code lockModes} lists the locks it held
 * on the contended relation when that is how it was found, else null.
 */
public record Blocker(int pid, String applicationName, String user, String state, Duration transactionAge,
        Duration stateAge, String waitEvent, String query, String lockModes) {

    /** One line for a log or an exception message. */
    public String describe() {
        StringBuilder s = new StringBuilder("pid ").append(pid);
        if (applicationName != null && !applicationName.isEmpty()) {
            s.append(" application '").append(applicationName).append('\'');
        }
        if (user != null) {
            s.append(" user '").append(user).append('\'');
        }
        if (state != null) {
            s.append(", ").append(state);
            if (stateAge != null) {
                s.append(" for ").append(seconds(stateAge));
            }
        }
        if (transactionAge != null) {
            s.append(", transaction open ").append(seconds(transactionAge));
        }
        if (waitEvent != null) {
            s.append(", waiting on ").append(waitEvent);
        }
        if (lockModes != null) {
            s.append(", holds ").append(lockModes);
        }
        if (query != null && !query.isEmpty()) {
            s.append(", query: ").append(query);
        }
        return s.toString();
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }
}
