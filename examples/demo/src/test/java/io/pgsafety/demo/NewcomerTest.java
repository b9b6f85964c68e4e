package io.pgsafety.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a newcomer does: clone the repository and run the two commands of the README's first code
 * block, exactly as written there. The clone holds the committed HEAD, so a file that was never
 * committed, or a command the README gets wrong, fails here.
 *
 * <p>The second command runs the whole test suite in the clone, this test included: there it
 * skips, told by {@value #NESTED} in its environment, so the suite runs nested once.
 */
class NewcomerTest {

    static final String NESTED = "PG_SAFETY_NEWCOMER_CHECK_NESTED";

    @TempDir
    Path temp;

    @Test
    void readmesTwoCommandsWorkInAFreshClone() throws Exception {
        assumeFalse(System.getenv(NESTED) != null, "inside the newcomer check's own run of the test suite");
        Path root = Repository.root();
        assumeTrue(Files.exists(root.resolve(".git")), "not a git checkout");
        List<String> commands = CodeBlock.of(root.resolve("README.md")).get(0).commands();
        assertThat(commands).as("commands of README.md's first code block").hasSize(2);

        Path clone = temp.resolve("pg-safety");
        Run cloned = run(temp, List.of("git", "clone", "--quiet", root.toString(), clone.toString()), 5);
        assertThat(cloned.exitCode()).as(cloned.describe()).isZero();

        Run mainJob = run(clone, List.of("bash", "-c", commands.get(0)), 20);
        assertThat(mainJob.exitCode()).as(mainJob.describe()).isZero();
        assertThat(mainJob.output())
                .contains("pg-safety blocked this migrate before any migration ran")
                .contains("pg-safety blocked the update")
                .contains("Where to look next");

        Run tests = run(clone, List.of("bash", "-c", commands.get(1)), 40);
        assertThat(tests.exitCode()).as(tests.describe()).isZero();
        assertThat(tests.output()).contains("BUILD SUCCESS");
    }

    /** One command's exit code and output (kept in a file of the temporary folder). */
    private record Run(String command, int exitCode, String output) {
        String describe() {
            String tail = output.length() > 6000 ? "…" + output.substring(output.length() - 6000) : output;
            return command + " exited with " + exitCode + "; its output ends with:\n" + tail;
        }
    }

    private Run run(Path dir, List<String> command, int timeoutMinutes) throws IOException, InterruptedException {
        File log = Files.createTempFile(temp, "run", ".log").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectErrorStream(true).redirectOutput(log);
        builder.environment().put(NESTED, "1");
        Process process = builder.start();
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly().waitFor();
            return new Run(String.join(" ", command), -1, "(killed after " + timeoutMinutes + " minutes)\n"
                    + Files.readString(log.toPath(), StandardCharsets.UTF_8));
        }
        return new Run(String.join(" ", command), process.exitValue(), Files.readString(log.toPath(), StandardCharsets.UTF_8));
    }
}
