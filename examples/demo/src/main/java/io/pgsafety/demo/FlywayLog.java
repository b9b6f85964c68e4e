package io.pgsafety.demo;

import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.logging.Log;
import org.flywaydb.core.api.logging.LogCreator;
import org.flywaydb.core.api.logging.LogFactory;

/**
 * Flyway's log (its own lines and the plugin's), kept for the demo to show, written the way the
 * Flyway command line prints it. Flyway uses it for {@code loggers=console}: its console logger is
 * the fallback log creator, which this replaces.
 */
final class FlywayLog implements LogCreator {

    private final List<String> lines = new ArrayList<>();

    static final String LOGGERS = "console";

    static FlywayLog install() {
        FlywayLog log = new FlywayLog();
        LogFactory.setFallbackLogCreator(log);
        return log;
    }

    /** The lines logged since the last call. */
    synchronized List<String> take() {
        List<String> taken = List.copyOf(lines);
        lines.clear();
        return taken;
    }

    private synchronized void add(String line) {
        lines.add(line);
    }

    @Override
    public Log createLogger(Class<?> type) {
        return new Log() {
            @Override
            public void debug(String message) {}

            @Override
            public void info(String message) {
                add(message);
            }

            @Override
            public void warn(String message) {
                add("WARNING: " + message);
            }

            @Override
            public void error(String message) {
                add("ERROR: " + message);
            }

            @Override
            public void error(String message, Exception e) {
                add("ERROR: " + message);
            }

            @Override
            public void notice(String message) {
                add(message);
            }
        };
    }
}
