package io.pgsafety.cli;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Re-runs a large lint in a JVM tuned for a short batch job. {@code java -jar} cannot pass JVM
 * options, and with the defaults half the CPU of a lint goes to the optimising JIT compiler and
 * the heap grows to a quarter of the machine's memory; one client-compiler, serial-GC JVM with a
 * capped heap finishes sooner in a fraction of the memory. Small inputs run in-process, where a
 * second JVM start would cost more than it saves. {@code SAFETY_CLI_NO_RELAUNCH} turns it off.
 */
final class TunedJvm {

    static final String MARKER = "pgsafety.cli.tuned";
    private static final long WORTHWHILE_BYTES = 2_000_000;
    private static final List<String> FLAGS = List.of(
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m", "-XX:CICompilerCount=1");
    private static final Set<String> OPTIONS_WITH_VALUE = Set.of("--format", "--pg-version", "--config", "--rule",
            "--contexts", "--labels");

    private TunedJvm() {}

    /** The exit status of the tuned run, or empty to run in this JVM. */
    static OptionalInt relaunchIfWorthwhile(String[] args) {
        if (System.getProperty(MARKER) != null || System.getenv("SAFETY_CLI_NO_RELAUNCH") != null
                || args.length == 0 || !args[0].equals("lint") || inputBytes(args) < WORTHWHILE_BYTES) {
            return OptionalInt.empty();
        }
        try {
            File jar = new File(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!jar.isFile()) {
                return OptionalInt.empty();
            }
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command()
                    .orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java"));
            command.addAll(FLAGS);
            command.add("-D" + MARKER + "=true");
            command.add("-cp");
            command.add(jar.getPath());
            command.add(Main.class.getName());
            command.addAll(List.of(args));
            Process child = new ProcessBuilder(command).inheritIO().start();
            Thread reaper = new Thread(child::destroy);
            Runtime.getRuntime().addShutdownHook(reaper);
            int status = child.waitFor();
            Runtime.getRuntime().removeShutdownHook(reaper);
            return OptionalInt.of(status);
        } catch (IOException | URISyntaxException | SecurityException e) {
            return OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    /** Bytes of input named by {@code args}, counted only until the threshold is reached. */
    private static long inputBytes(String[] args) {
        long[] total = {0};
        for (int i = 1; i < args.length && total[0] < WORTHWHILE_BYTES; i++) {
            if (OPTIONS_WITH_VALUE.contains(args[i])) {
                i++;
                continue;
            }
            if (args[i].startsWith("-")) {
                continue;
            }
            Path path = Path.of(args[i]);
            try {
                if (Files.isRegularFile(path)) {
                    total[0] += Files.size(path);
                } else if (Files.isDirectory(path)) {
                    Files.walkFileTree(path, new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            total[0] += attrs.size();
                            return total[0] < WORTHWHILE_BYTES ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) {
                            return FileVisitResult.CONTINUE;
                        }
                    });
                }
            } catch (IOException | RuntimeException e) {
                // unreadable input is reported by the real run
            }
        }
        return total[0];
    }
}
