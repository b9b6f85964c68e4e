package io.pgsafety.flyway;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * Plain benchmark harness (run by {@code bench/flyway-migrate.sh}, not by the test suite): the
 * wall time of {@code migrate} of many small migrations on an embedded PostgreSQL, each run on a
 * fresh database, with plain Flyway (pg-safety not on its class path), with the plugin switched
 * off, and with the plugin on (pre-flight, per-statement guard). Prints wall and JVM CPU times
 * (medians, best) and their ratios to plain Flyway; asserts nothing.
 */
public final class FlywayMigrateBenchmark {

    /**
     * The server's own background work (autovacuum of the fresh tables, checkpoints forced by the
     * WAL of the databases created between runs) lands at random in some runs and swamps a 10%
     * difference: off for the benchmark, for every variant alike.
     */
    private static final Map<String, String> QUIET_SERVER = Map.of(
            "autovacuum", "off",
            "max_wal_size", "8GB",
            "checkpoint_timeout", "1h");

    private FlywayMigrateBenchmark() {}

    public static void main(String[] args) throws Throwable {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        // The analyzer is much code for the JIT: a few warm-up rounds keep compile threads from
        // competing with the server for the CPU during the timed ones.
        int warmUps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        Logger.getLogger("").setLevel(Level.WARNING);
        Path migrations = Files.createTempDirectory("pg-safety-bench");
        int statements = writeMigrations(migrations, count);
        System.out.printf("%d migrations (%d statements, each with its undo script), %d rounds after %d warm-up"
                + " rounds, a fresh database per run%n", count, statements, rounds, warmUps);

        try (PostgresServer server = PostgresServer.start(QUIET_SERVER, dataDirectory());
                FlywayWithoutPlugin plainFlyway = new FlywayWithoutPlugin()) {
            String location = "filesystem:" + migrations;
            String flyway = Path.of(Flyway.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getFileName().toString();
            List<Variant> variants = List.of(
                    new Variant("plain Flyway (" + flyway + ")", url -> plainFlyway.migrate(configuration(url, location))),
                    new Variant("pg-safety off (enabled=false)", url -> migrate(url, location, "false")),
                    new Variant("pg-safety on", url -> migrate(url, location, "true")));
            for (int round = 1 - warmUps; round <= rounds; round++) {
                List<Variant> order = new ArrayList<>(variants);
                // Alternate the order so that no variant always runs on a warmer server.
                if (Math.floorMod(round, 2) == 1) {
                    Collections.reverse(order);
                }
                for (Variant variant : order) {
                    variant.run(server, round <= 0);
                }
            }
            System.out.println("wall time of migrate; JVM CPU time (Flyway and pg-safety, not the server's)");
            for (Variant variant : variants) {
                variant.report(variants.get(0));
            }
        }
    }

    /**
     * In memory where the machine has it ({@code /dev/shm}): the disk's write-back stalls the
     * server's file creation at random, by more than the difference being measured. The server
     * is then faster than one on disk, which makes the plugin's share of the time larger, not smaller.
     */
    private static Path dataDirectory() throws IOException {
        Path memory = Path.of("/dev/shm");
        Path parent = Files.isDirectory(memory) && Files.isWritable(memory) ? memory
                : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempDirectory(parent, "pg-safety-bench-data");
    }

    /**
     * Four kinds of small migration in turn: a new table, a column on it, a few rows, and a
     * concurrent index (which makes its script run outside a transaction), each with an undo script.
     */
    private static int writeMigrations(Path dir, int count) throws IOException {
        for (int v = 1; v <= count; v++) {
            int table = (v - 1) / 4;
            String up;
            String down;
            switch ((v - 1) % 4) {
                case 0 -> {
                    up = "CREATE TABLE t" + table + " (id bigint PRIMARY KEY, name text);";
                    down = "DROP TABLE t" + table + ";";
                }
                case 1 -> {
                    up = "ALTER TABLE t" + table + " ADD COLUMN note text;";
                    down = "ALTER TABLE t" + table + " DROP COLUMN note;";
                }
                case 2 -> {
                    up = "INSERT INTO t" + table + " (id, name) VALUES (1, 'a'), (2, 'b');";
                    down = "DELETE FROM t" + table + " WHERE id IN (1, 2);";
                }
                default -> {
                    up = "CREATE INDEX CONCURRENTLY t" + table + "_name_idx ON t" + table + " (name);";
                    down = "DROP INDEX CONCURRENTLY t" + table + "_name_idx;";
                }
            }
            Files.writeString(dir.resolve("V" + v + "__step_" + v + ".sql"), up);
            Files.writeString(dir.resolve("U" + v + "__step_" + v + ".sql"), down);
        }
        return count;
    }

    /**
     * Flyway's settings for every variant. Its default transactional migration lock makes the
     * concurrent index builds wait forever without the plugin (which switches it off itself), so
     * it is off for all of them.
     */
    private static Map<String, String> configuration(String url, String location) {
        return Map.of(
                "flyway.url", url,
                "flyway.user", "postgres",
                "flyway.password", "postgres",
                "flyway.locations", location,
                "flyway.postgresql.transactional.lock", "false");
    }

    private static void migrate(String url, String location, String enabled) {
        Map<String, String> settings = new HashMap<>(configuration(url, location));
        settings.put("flyway.safety.enabled", enabled);
        Flyway.configure().configuration(settings).load().migrate();
    }

    @FunctionalInterface
    private interface Migrate {
        void run(String url) throws Throwable;
    }

    private record Variant(String name, Migrate migrate, List<Double> wall, List<Double> cpu) {

        Variant(String name, Migrate migrate) {
            this(name, migrate, new ArrayList<>(), new ArrayList<>());
        }

        /** Times {@code migrate} on a fresh database (created before the clocks start). */
        void run(PostgresServer server, boolean warmUp) {
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            try {
                String url = server.newDatabase();
                long cpuStart = os.getProcessCpuTime();
                long start = System.nanoTime();
                migrate.run(url);
                if (!warmUp) {
                    wall.add((System.nanoTime() - start) / 1e9);
                    cpu.add((os.getProcessCpuTime() - cpuStart) / 1e9);
                }
            } catch (Throwable e) {
                throw new IllegalStateException(name + " failed", e);
            }
        }

        void report(Variant base) {
            System.out.printf("%-40s wall median %6.2f s (%.2fx) best %6.2f s (%.2fx) | CPU median %6.2f s (%.2fx)%n",
                    name, median(wall), median(wall) / median(base.wall), Collections.min(wall),
                    Collections.min(wall) / Collections.min(base.wall), median(cpu), median(cpu) / median(base.cpu));
            List<Double> sorted = new ArrayList<>(wall);
            Collections.sort(sorted);
            System.out.printf("%-40s   runs (s, sorted): %s%n", "", sorted.stream()
                    .map(w -> String.format("%.2f", w)).collect(java.util.stream.Collectors.joining(" ")));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
