package io.pgsafety.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pgsafety.testsupport.Commands;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/github-actions}: the workflow of a repository laid out like
 * {@code examples/junit-testkit} that keeps pg-safety as a git submodule in {@code pg-safety/}.
 * Each test makes such a checkout in a temporary folder (a copy of {@code examples/junit-testkit}),
 * reads the workflow, and runs its jobs' scripts as a runner would ({@code bash -e}, in the
 * checkout, with the JDK and Maven of this build on the {@code PATH}).
 *
 * <p>The steps that build pg-safety from the submodule are stood in for by this build, which has
 * made the same files: {@code safety-cli/target/safety-cli.jar}, copied to where the lint job's
 * build leaves it, and the parent pom, safety-core and safety-test that the test job's step
 * installs into the runner's local Maven repository.
 * That repository starts with nothing else, like a fresh runner's; it downloads from this build's
 * local repository rather than from Maven Central, which holds everything the project needs once
 * this build has built {@code examples/junit-testkit} (a build-order dependency of this module).
 */
class GitHubActionsWorkflowIT {

    private static final String WORKFLOW = "examples/github-actions/.github/workflows/migration-safety.yml";
    private static final String MIGRATIONS = "src/main/resources/db/migration";
    private static final String SUBMODULE_BUILD = "-f pg-safety/pom.xml";
    private static final String CLI_JAR = "safety-cli/target/safety-cli.jar";
    private static final Set<String> SARIF_LEVELS = Set.of("none", "note", "warning", "error");

    @TempDir
    Path temp;

    private Path root;
    private Path checkout;
    private Workflow workflow;

    @BeforeEach
    void checkOut() throws IOException {
        root = Commands.fromProperty("pg-safety.root");
        workflow = Workflow.read(root.resolve(WORKFLOW));
        checkout = temp.resolve("checkout");
        Commands.copyTree(root.resolve("examples/junit-testkit"), checkout);
    }

    @Test
    void lintUploadsAnEmptySarifForTheMigrationsOfTheMainBranch() throws Exception {
        Workflow.Job lint = workflow.job("lint");

        Commands.Result result = runLintJob(lint);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(sarifResults(lint)).isEmpty();
    }

    @Test
    void lintFailsAPullRequestThatAddsAnUnsafeMigrationAndUploadsItsFinding() throws Exception {
        Workflow.Job lint = workflow.job("lint");
        try (Stream<Path> files = Files.list(root.resolve("examples/github-actions/pull-request"))) {
            for (Path file : files.toList()) {
                Files.copy(file, checkout.resolve(MIGRATIONS).resolve(file.getFileName()));
            }
        }

        Commands.Result result = runLintJob(lint);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(1);
        assertThat(lint.uses("github/codeql-action/upload-sarif").condition())
                .as("the upload runs after lint failed the job").isEqualTo("success() || failure()");
        List<JsonNode> results = sarifResults(lint);
        assertThat(results).hasSize(1);
        JsonNode finding = results.get(0);
        assertThat(finding.path("ruleId").asText()).isEqualTo("create-index-non-concurrent");
        assertThat(finding.path("level").asText()).isEqualTo("error");
        assertThat(finding.path("message").path("text").asText())
                .contains("CREATE INDEX CONCURRENTLY orders_created_at_idx ON orders (created_at);");
        JsonNode location = finding.path("locations").path(0).path("physicalLocation");
        assertThat(location.path("artifactLocation").path("uri").asText())
                .isEqualTo(MIGRATIONS + "/V4__index_orders_by_date.sql");
        assertThat(location.path("region").path("startLine").asInt()).isEqualTo(1);
    }

    @Test
    void testJobRunsTheProjectsMigrationTestsWithTheTestKit() throws Exception {
        Workflow.Job test = workflow.job("test");
        assertThat(test.uses("actions/checkout").input("submodules")).isEqualTo("true");
        Workflow.Step install = test.runs(SUBMODULE_BUILD);
        assertThat(install.run()).as("the step this test stands in for").contains("-pl safety-test -am").endsWith(" install");
        Workflow.Step mavenTest = test.runs("mvn -B -ntp test");
        assertThat(runSteps(test)).as("every script of the job is run or stood in for").containsExactly(install, mavenTest);

        Path runnerHome = runnerHomeWithTheTestKitInstalled();
        Commands.Result result = runScript(mavenTest, Map.of("MAVEN_OPTS", "-Duser.home=" + runnerHome));

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.output())
                .contains("Running io.pgsafety.examples.testkit.MigrationsTest")
                .contains("Tests run: 2, Failures: 0, Errors: 0, Skipped: 0")
                .contains("BUILD SUCCESS");
    }

    /** The lint job's scripts: the CLI build stood in for, the lint command run as written. */
    private Commands.Result runLintJob(Workflow.Job lint) throws IOException, InterruptedException {
        assertThat(lint.uses("actions/checkout").input("submodules")).isEqualTo("true");
        assertThat(lint.permissions()).containsEntry("security-events", "write");
        Workflow.Step build = lint.runs(SUBMODULE_BUILD);
        assertThat(build.run()).as("the step this test stands in for").contains("-pl safety-cli -am").endsWith(" package");
        Path jar = root.resolve(CLI_JAR);
        assertThat(jar).as("built by safety-cli's package phase").isRegularFile();
        Files.copy(jar, Files.createDirectories(checkout.resolve("pg-safety").resolve(CLI_JAR).getParent()).resolve(jar.getFileName()));
        Workflow.Step lintStep = lint.runs("safety-cli.jar lint --format sarif");
        assertThat(runSteps(lint)).as("every script of the job is run or stood in for").containsExactly(build, lintStep);
        assertThat(lintStep.run()).endsWith(" > " + lint.uses("github/codeql-action/upload-sarif").input("sarif_file"));
        return runScript(lintStep, Map.of());
    }

    private static List<Workflow.Step> runSteps(Workflow.Job job) {
        return job.steps().stream().filter(s -> s.run() != null).toList();
    }

    /** {@code step}'s script as the runner runs it on Linux: {@code bash -e} on a file holding it, in the checkout. */
    private Commands.Result runScript(Workflow.Step step, Map<String, String> environment)
            throws IOException, InterruptedException {
        Path script = Files.writeString(Files.createTempFile(temp, "step-", ".sh"), step.run());
        Map<String, String> runner = new HashMap<>(environment);
        String java = Path.of(System.getProperty("java.home")).toString();
        runner.put("JAVA_HOME", java);
        runner.put("PATH", java + "/bin:" + Commands.mavenHome().resolve("bin") + ":" + System.getenv("PATH"));
        return Commands.run(checkout, runner, List.of("bash", "-e", script.toString()));
    }

    /** The results of the SARIF file the lint job uploads, after checking it is SARIF 2.1.0 that GitHub can place. */
    private List<JsonNode> sarifResults(Workflow.Job lint) throws IOException {
        Path file = checkout.resolve(lint.uses("github/codeql-action/upload-sarif").input("sarif_file"));
        JsonNode sarif = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(file.toFile());
        assertThat(sarif.path("version").asText()).isEqualTo("2.1.0");
        assertThat(sarif.path("$schema").asText()).endsWith("sarif-2.1.0.json");
        assertThat(sarif.path("runs").size()).isEqualTo(1);
        JsonNode run = sarif.path("runs").path(0);
        assertThat(run.path("tool").path("driver").path("name").asText()).isNotEmpty();
        JsonNode rules = run.path("tool").path("driver").path("rules");
        assertThat(run.path("results").isArray()).as("results").isTrue();
        List<JsonNode> results = new ArrayList<>();
        run.path("results").forEach(results::add);
        for (JsonNode result : results) {
            assertThat(result.path("message").path("text").asText()).isNotEmpty();
            assertThat(result.path("level").asText()).isIn(SARIF_LEVELS);
            assertThat(rules.path(result.path("ruleIndex").asInt(-1)).path("id").asText())
                    .as("the rule at ruleIndex").isEqualTo(result.path("ruleId").asText());
            for (JsonNode location : result.path("locations")) {
                JsonNode physical = location.path("physicalLocation");
                String uri = physical.path("artifactLocation").path("uri").asText();
                assertThat(checkout.resolve(uri)).as("a file of the repository, relative to its root: " + uri).isRegularFile();
                assertThat(physical.path("region").path("startLine").asInt()).isPositive();
            }
        }
        return results;
    }

    /**
     * A runner's home whose local Maven repository holds what the test job's install step puts
     * there ({@code mvn install -pl safety-test -am}: the parent pom, safety-core and safety-test),
     * and whose settings download everything else from this build's local repository instead of
     * Maven Central.
     */
    private Path runnerHomeWithTheTestKitInstalled() throws IOException {
        Path home = temp.resolve("runner-home");
        Path repository = home.resolve(".m2/repository");
        String version = Commands.property("pg-safety.version");
        install(repository, "pg-safety-parent", version, root.resolve("pom.xml"), null);
        for (String module : List.of("safety-core", "safety-test")) {
            Path jar = root.resolve(module + "/target/" + module + "-" + version + ".jar");
            assertThat(jar).as("built by " + module + "'s package phase").isRegularFile();
            install(repository, module, version, root.resolve(module + "/pom.xml"), jar);
        }
        // central, for dependencies and plugins, is the build's local repository (which keeps no checksums)
        String central = """
                      <id>central</id>
                      <url>%s</url>
                      <releases><checksumPolicy>ignore</checksumPolicy></releases>
                      <snapshots><enabled>false</enabled></snapshots>
                """.formatted(Commands.fromProperty("maven.repo.local").toUri());
        Files.writeString(home.resolve(".m2/settings.xml"), """
                <settings>
                  <profiles>
                    <profile>
                      <id>build-repository</id>
                      <repositories><repository>%1$s</repository></repositories>
                      <pluginRepositories><pluginRepository>%1$s</pluginRepository></pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>build-repository</activeProfile></activeProfiles>
                </settings>
                """.formatted(central));
        return home;
    }

    private static void install(Path repository, String artifactId, String version, Path pom, Path jar) throws IOException {
        Path dir = Files.createDirectories(repository.resolve("io/pgsafety/" + artifactId + "/" + version));
        Files.copy(pom, dir.resolve(artifactId + "-" + version + ".pom"));
        if (jar != null) {
            Files.copy(jar, dir.resolve(artifactId + "-" + version + ".jar"));
        }
    }
}
