package io.pgsafety.flyway;

import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;

/**
 * Plain benchmark harness (run by {@code bench/flyway-migrate.sh}, not by the test suite): the
 * wall time of {@code migrate} of many small migrations on an embedded PostgreSQL, each run on a
 * fresh database, with plain Flyway (pg-safety not on its class path), with the plugin switched
 * off, and with the plugin on (pre-flight, per-statement guard). Warm: all in this JVM after
 * warm-up rounds; cold: each run in a fresh JVM ({@link FlywayColdMigrate}). Prints wall (and for
 * warm runs JVM CPU) times, medians and best, and their ratios to plain Flyway; asserts nothing.
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
            System.out.println("warm: wall time of migrate; JVM CPU time (Flyway and pg-safety, not the server's)");
            for (Variant variant : variants) {
                variant.report(variants.get(0));
            }
            coldRounds(server, location, rounds);
            String install = System.getProperty("bench.flywayCli", "");
            if (!install.isBlank()) {
                commandLineRounds(server, location, rounds, Path.of(install));
            }
        }
    }

    /**
     * The same migrate as the first thing a fresh JVM does, as a command-line user waits for it
     * (JVM start aside): one child JVM per run, with and without pg-safety on its class path.
     */
    private static void coldRounds(PostgresServer server, String location, int rounds) throws Exception {
        String withPlugin = System.getProperty("java.class.path");
        Path testClasses = Path.of(FlywayColdMigrate.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<String> plain = new ArrayList<>();
        for (String entry : withPlugin.split(File.pathSeparator)) {
            if (Path.of(entry).toAbsolutePath().equals(testClasses) || !FlywayWithoutPlugin.holdsPgSafety(Path.of(entry))) {
                plain.add(entry);
            }
        }
        processRounds("cold: wall time of migrate in a fresh JVM (one per run)", rounds, (on, run) -> {
            List<String> command = javaCommand(run, on ? withPlugin : String.join(File.pathSeparator, plain),
                    FlywayColdMigrate.class.getName(), server.newDatabase(), location);
            String output = runProcess(command);
            if (!output.contains("pg-safety " + (on ? "present" : "absent"))) {
                throw new IllegalStateException("the cold migrate failed:\n" + output);
            }
            return output.lines().filter(l -> l.startsWith("migrate-ms ")).mapToLong(l -> Long.parseLong(l.substring(11)))
                    .findFirst().orElseThrow() / 1000.0;
        });
    }

    /**
     * {@code flyway migrate} as a user runs it: the whole process of the Flyway command line in
     * {@code install} ({@code lib/}, the drop-in jar in {@code lib/plugins/} or not), JVM start
     * included, each run on a fresh database.
     */
    private static void commandLineRounds(PostgresServer server, String location, int rounds, Path install)
            throws Exception {
        String lib = install.resolve("lib") + File.separator + "*";
        String plugins = install.resolve("lib").resolve("plugins") + File.separator + "*";
        processRounds("command line: wall time of the whole `flyway migrate` process (" + install + ")", rounds,
                (on, run) -> {
                    List<String> command = javaCommand(run, on ? lib + File.pathSeparator + plugins : lib,
                            "org.flywaydb.commandline.Main", "-skipCheckForUpdate", "-url=" + server.newDatabase(),
                            "-user=postgres", "-password=postgres", "-locations=" + location,
                            "-postgresql.transactional.lock=false", "migrate");
                    long start = System.nanoTime();
                    String output = runProcess(command);
                    double seconds = (System.nanoTime() - start) / 1e9;
                    if (!output.contains("Successfully applied") || output.contains("ERROR")) {
                        throw new IllegalStateException("flyway migrate failed:\n" + output);
                    }
                    return seconds;
                });
    }

    @FunctionalInterface
    private interface ProcessRun {
        /** Seconds one run took; {@code run} names it for {@code bench.jvmArgs}. */
        double seconds(boolean withPlugin, String run) throws Exception;
    }

    /** Rounds of one run without and one with the plugin, in alternating order; prints medians and the paired ratio. */
    private static void processRounds(String title, int rounds, ProcessRun process) throws Exception {
        Map<String, List<Double>> runs = new LinkedHashMap<>();
        runs.put("plain Flyway", new ArrayList<>());
        runs.put("pg-safety on", new ArrayList<>());
        for (int round = 0; round < rounds; round++) {
            List<String> order = new ArrayList<>(runs.keySet());
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (String variant : order) {
                boolean on = variant.equals("pg-safety on");
                runs.get(variant).add(process.seconds(on, (on ? "on-" : "plain-") + round));
            }
        }
        System.out.println(title);
        double base = median(runs.get("plain Flyway"));
        runs.forEach((name, wall) -> System.out.printf("%-40s wall median %6.2f s (%.2fx) best %6.2f s%n", name,
                median(wall), median(wall) / base, Collections.min(wall)));
        List<Double> paired = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            paired.add(runs.get("pg-safety on").get(i) / runs.get("plain Flyway").get(i));
        }
        System.out.printf("%-40s   ratio to plain Flyway within each round: median %.2fx%n", "", median(paired));
    }

    /**
     * {@code java -cp classPath mainClass args}; {@code -Dbench.jvmArgs="-XX:StartFlightRecording=filename=/tmp/{run}.jfr"}
     * profiles each JVM ({run}: the variant and the round).
     */
    private static List<String> javaCommand(String run, String classPath, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath, mainClass));
        command.addAll(List.of(args));
        String jvmArgs = System.getProperty("bench.jvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            command.addAll(1, List.of(jvmArgs.replace("{run}", run).split("\\s+")));
        }
        return command;
    }

    /** Runs {@code command} to its end; its output (stdout and stderr), failing when it exits non-zero. */
    private static String runProcess(List<String> command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("FLYWAY_"));
        builder.environment().put("REDGATE_DISABLE_TELEMETRY", "true");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("exit " + process.exitValue() + " of " + command + ":\n" + output);
        }
        return output;
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
    static Map<String, String> configuration(String url, String location) {
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
            // Runs of one round follow each other: their ratio is less exposed to a slow spell of
            // the machine than the ratio of medians taken over the whole benchmark.
            List<Double> paired = new ArrayList<>();
            for (int i = 0; i < wall.size(); i++) {
                paired.add(wall.get(i) / base.wall.get(i));
            }
            System.out.printf("%-40s   ratio to plain Flyway within each round: median %.2fx%n", "", median(paired));
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
