package io.pgsafety.liquibase.bench;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import liquibase.integration.commandline.LiquibaseCommandLine;

/**
 * One benchmark JVM: {@code liquibase update} of {@code changelog.xml} in {@code dir} against each
 * database URL in turn, in this JVM, printing the milliseconds each took. The first is a cold run,
 * as a command line user gets; the others run with Liquibase's classes already loaded.
 *
 * <p>Arguments: {@code dir url…}. Prints {@code extension present|absent}, then {@code update-ms N}
 * {@code update-cpu-ms N} (the JVM's CPU time, JIT compiler threads included) and
 * {@code update-thread-cpu-ms N} (the CPU time of the thread running the update alone) per run, and
 * {@code uptime-ms N} once the first ends (from the JVM's start: what {@code liquibase update} on
 * the command line takes), on standard error (Liquibase's own output on standard out is discarded).
 */
public final class UpdateRuns {

    private UpdateRuns() {}

    public static void main(String[] args) {
        PrintStream report = System.err;
        report.println("extension " + (extensionPresent() ? "present" : "absent"));
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        System.setOut(quiet);
        System.setErr(quiet);
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 1; i < args.length; i++) {
            long cpuStart = os.getProcessCpuTime();
            long threadCpuStart = threads.getCurrentThreadCpuTime();
            long start = System.nanoTime();
            int code = new LiquibaseCommandLine().execute(new String[] {"--show-banner=false",
                "--analytics-enabled=false", "--url=" + args[i], "--username=postgres", "--password=postgres",
                "--search-path=" + args[0], "--changelog-file=changelog.xml", "update"});
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (code != 0) {
                report.println("update failed with exit code " + code + " on " + args[i]);
                System.exit(1);
            }
            report.println("update-ms " + millis);
            report.println("update-cpu-ms " + (os.getProcessCpuTime() - cpuStart) / 1_000_000);
            report.println("update-thread-cpu-ms " + (threads.getCurrentThreadCpuTime() - threadCpuStart) / 1_000_000);
            if (i == 1) {
                report.println("uptime-ms " + ManagementFactory.getRuntimeMXBean().getUptime());
            }
        }
        System.exit(0);
    }

    private static boolean extensionPresent() {
        return UpdateRuns.class.getClassLoader()
                .getResource("io/pgsafety/liquibase/SafetyValidatingVisitorGenerator.class") != null;
    }
}
