package io.pgsafety.liquibase.bench;

import io.pgsafety.liquibase.LiquibaseInstall;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Overhead of the extension on {@code liquibase update}: 200 small changesets (100 {@code createTable},
 * 100 {@code addColumn} on existing tables) applied to a fresh database of one embedded PostgreSQL
 * server, by a Liquibase install with and without {@code safety-liquibase.jar}. Each round starts
 * one JVM per variant (alternating which goes first) that runs the update on three fresh databases
 * (system property {@code bench.updatesPerJvm}): the first run is cold (what a command line user
 * waits for, JVM start aside), the others warm.
 * Prints the medians and the ratios; the target is at most 1.1×.
 *
 * <p>Arguments: {@code <module target dir> [rounds, default 5]}; {@code bench/liquibase-overhead.sh}
 * builds what it needs and runs it.
 */
public final class UpdateOverheadBenchmark {

    private static final int TABLES = 100;
    private static final int UPDATES_PER_JVM = Integer.getInteger("bench.updatesPerJvm", 3);

    private UpdateOverheadBenchmark() {}

    /** What one variant's JVMs measured, in milliseconds. */
    private record Variant(String name, List<Path> extraClasspath, List<Long> process, List<Long> firstUpdateEnd,
            List<Long> cold, List<Long> warm, List<Long> coldCpu, List<Long> warmCpu, List<Long> coldThreadCpu,
            List<Long> warmThreadCpu) {
        Variant(String name, List<Path> extraClasspath) {
            this(name, extraClasspath, new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]).toAbsolutePath();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        LiquibaseInstall install = LiquibaseInstall.from(target.resolve("classpath"));
        Path testClasses = target.resolve("test-classes");
        // -Dbench.baselineJar=<an earlier build of the jar> measures this build against it instead
        // of against no extension: an A/B comparison, within rounds, of a change to the extension.
        String baselineJar = System.getProperty("bench.baselineJar", "").strip();
        Variant without = baselineJar.isEmpty() ? new Variant("without extension", List.of(testClasses))
                : new Variant("baseline jar", List.of(Path.of(baselineJar).toAbsolutePath(), testClasses));
        Variant with = new Variant("with extension", List.of(target.resolve("safety-liquibase.jar"), testClasses));
        Path dir = Files.createTempDirectory("pg-safety-bench");
        Files.writeString(dir.resolve("changelog.xml"), changelog(), StandardCharsets.UTF_8);
        // Quiet and in memory where the machine has it: autovacuum, checkpoints and the disk's
        // write-back otherwise land at random in some runs and swamp a 10% difference.
        Path shm = Path.of("/dev/shm");
        Path data = Files.createTempDirectory(Files.isDirectory(shm) && Files.isWritable(shm) ? shm
                : Path.of(System.getProperty("java.io.tmpdir")), "pg-safety-bench-data");
        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(true)
                .setServerConfig("autovacuum", "off").setServerConfig("max_wal_size", "8GB")
                .setServerConfig("checkpoint_timeout", "1h").start()) {
            execute(postgres, "postgres", "CREATE DATABASE bench_template");
            execute(postgres, "bench_template", existingTables());
            int databases = 0;
            for (int round = 1; round <= rounds; round++) {
                List<Variant> order = round % 2 == 1 ? List.of(without, with) : List.of(with, without);
                for (Variant variant : order) {
                    List<String> urls = new ArrayList<>();
                    for (int i = 0; i < UPDATES_PER_JVM; i++) {
                        String name = "bench_" + (++databases);
                        execute(postgres, "postgres", "CREATE DATABASE " + name + " TEMPLATE bench_template");
                        urls.add(postgres.getJdbcUrl("postgres", name));
                    }
                    measure(install, variant, dir, urls);
                }
                System.out.printf(Locale.ROOT, "round %d/%d done%n", round, rounds);
            }
        }
        print(without, with);
    }

    private static void measure(LiquibaseInstall install, Variant variant, Path dir, List<String> urls)
            throws Exception {
        List<String> command = install.javaCommand(variant.extraClasspath(), UpdateRuns.class.getName());
        // -Dbench.jvmArgs="-XX:StartFlightRecording=filename=/tmp/{run}.jfr" profiles each update JVM
        // ({run}: the variant and a number).
        String jvmArgs = System.getProperty("bench.jvmArgs", "").strip();
        if (!jvmArgs.isEmpty()) {
            String run = variant.name().split(" ")[0] + "-" + variant.process().size();
            command.addAll(1, List.of(jvmArgs.replace("{run}", run).split("\\s+")));
        }
        command.add(dir.toString());
        command.addAll(urls);
        Path log = dir.resolve("run.log");
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(variant.name() + ": the update JVM failed:\n" + Files.readString(log));
        }
        variant.process().add((System.nanoTime() - start) / 1_000_000);
        List<String> lines = Files.readAllLines(log);
        boolean expected = variant.extraClasspath().size() > 1;
        if (!lines.contains("extension " + (expected ? "present" : "absent"))) {
            throw new IllegalStateException(variant.name() + ": wrong class path:\n" + String.join("\n", lines));
        }
        List<Long> updates = values(lines, "update-ms ");
        variant.cold().add(updates.get(0));
        variant.warm().addAll(updates.subList(1, updates.size()));
        List<Long> cpu = values(lines, "update-cpu-ms ");
        List<Long> threadCpu = values(lines, "update-thread-cpu-ms ");
        variant.firstUpdateEnd().addAll(values(lines, "uptime-ms "));
        variant.coldCpu().add(cpu.get(0));
        variant.warmCpu().addAll(cpu.subList(1, cpu.size()));
        variant.coldThreadCpu().add(threadCpu.get(0));
        variant.warmThreadCpu().addAll(threadCpu.subList(1, threadCpu.size()));
    }

    /** The numbers of the lines that start with {@code prefix}, in order. */
    private static List<Long> values(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> Long.parseLong(l.substring(prefix.length())))
                .toList();
    }

    private static void print(Variant without, Variant with) {
        System.out.printf(Locale.ROOT, "%nliquibase update, %d changesets (%d createTable + %d addColumn), medians in ms%n",
                2 * TABLES, TABLES, TABLES);
        System.out.printf(Locale.ROOT, "%-34s %10s %10s %7s%n", "", without.name(), with.name(), "ratio");
        row("whole JVM (start, " + UPDATES_PER_JVM + " updates)", without.process(), with.process());
        row("JVM start to first update's end", without.firstUpdateEnd(), with.firstUpdateEnd());
        row("first update in the JVM (cold)", without.cold(), with.cold());
        row("later updates (warm)", without.warm(), with.warm());
        row("JVM CPU, first update", without.coldCpu(), with.coldCpu());
        row("JVM CPU, later updates", without.warmCpu(), with.warmCpu());
        row("update thread CPU, first update", without.coldThreadCpu(), with.coldThreadCpu());
        row("update thread CPU, later updates", without.warmThreadCpu(), with.warmThreadCpu());
    }

    private static void row(String label, List<Long> without, List<Long> with) {
        if (without.isEmpty()) {
            return;
        }
        long a = median(without);
        long b = median(with);
        System.out.printf(Locale.ROOT, "%-34s %10d %10d %6.2fx%n", label, a, b, (double) b / a);
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(Comparator.naturalOrder());
        return sorted.get(sorted.size() / 2);
    }

    private static String existingTables() {
        StringBuilder sql = new StringBuilder();
        for (int i = 1; i <= TABLES; i++) {
            sql.append("CREATE TABLE existing_").append(i).append(" (id bigint PRIMARY KEY, name text);\n");
        }
        return sql.toString();
    }

    private static String changelog() {
        StringBuilder xml = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <databaseChangeLog xmlns="http://www.liquibase.org/xml/ns/dbchangelog"
                    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                    xsi:schemaLocation="http://www.liquibase.org/xml/ns/dbchangelog
                        http://www.liquibase.org/xml/ns/dbchangelog/dbchangelog-latest.xsd">
                """);
        for (int i = 1; i <= TABLES; i++) {
            xml.append("""
                      <changeSet id="create-%1$d" author="bench">
                        <createTable tableName="new_%1$d">
                          <column name="id" type="bigint"><constraints primaryKey="true"/></column>
                          <column name="note" type="text"/>
                        </createTable>
                      </changeSet>
                      <changeSet id="add-%1$d" author="bench">
                        <addColumn tableName="existing_%1$d"><column name="flag" type="boolean"/></addColumn>
                      </changeSet>
                    """.formatted(i));
        }
        return xml.append("</databaseChangeLog>\n").toString();
    }

    private static void execute(EmbeddedPostgres postgres, String database, String sql) throws Exception {
        try (Connection c = postgres.getDatabase("postgres", database).getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
