package io.pgsafety.flyway;

import java.util.HashMap;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * One cold {@code migrate}, the first thing a fresh JVM does, as a command-line user runs it (JVM
 * start aside): the child process of {@link FlywayMigrateBenchmark}'s cold rounds. Arguments:
 * {@code url location}; prints whether pg-safety is on the class path and {@code migrate-ms N}.
 */
public final class FlywayColdMigrate {

    private FlywayColdMigrate() {}

    public static void main(String[] args) {
        Logger.getLogger("").setLevel(Level.WARNING);
        Map<String, String> settings = new HashMap<>(FlywayMigrateBenchmark.configuration(args[0], args[1]));
        System.out.println("pg-safety " + (pgSafetyPresent() ? "present" : "absent"));
        long start = System.nanoTime();
        Flyway.configure().configuration(settings).load().migrate();
        System.out.println("migrate-ms " + (System.nanoTime() - start) / 1_000_000);
    }

    private static boolean pgSafetyPresent() {
        return FlywayColdMigrate.class.getClassLoader().getResource("io/pgsafety/flyway/SafetyPluginCallback.class") != null;
    }
}
