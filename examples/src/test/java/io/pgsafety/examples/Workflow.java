package io.pgsafety.examples;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The jobs and steps of a GitHub Actions workflow file, as far as the tests need them. */
record Workflow(Map<String, Object> jobs) {

    /** One step: the action it {@code uses} and its {@code with} inputs, or the script it {@code run}s. */
    record Step(String name, String uses, Map<String, Object> with, String run, String condition) {

        String input(String key) {
            Object value = with.get(key);
            return value == null ? null : value.toString();
        }
    }

    /** One job: its {@code permissions} and steps, in order. */
    record Job(String id, Map<String, Object> permissions, List<Step> steps) {

        /** The first step that uses {@code action} ({@code owner/repo[/path]}, any version). */
        Step uses(String action) {
            return steps.stream().filter(s -> s.uses() != null && s.uses().startsWith(action + "@")).findFirst()
                    .orElseThrow(() -> new AssertionError("job " + id + " has no step that uses " + action));
        }

        /** The first step whose script contains {@code text}. */
        Step runs(String text) {
            return steps.stream().filter(s -> s.run() != null && s.run().contains(text)).findFirst()
                    .orElseThrow(() -> new AssertionError("job " + id + " has no step that runs " + text));
        }
    }

    static Workflow read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file)) {
            Map<String, Object> root = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            return new Workflow(map(root.get("jobs")));
        }
    }

    Job job(String id) {
        Map<String, Object> job = map(jobs.get(id));
        if (job.isEmpty()) {
            throw new AssertionError("the workflow has no job " + id + "; it has " + jobs.keySet());
        }
        List<Step> steps = ((List<?>) job.get("steps")).stream().map(Workflow::map)
                .map(s -> new Step(text(s.get("name")), text(s.get("uses")), map(s.get("with")), text(s.get("run")),
                        text(s.get("if"))))
                .toList();
        return new Job(id, map(job.get("permissions")), steps);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object yaml) {
        return yaml == null ? Map.of() : (Map<String, Object>) yaml;
    }

    private static String text(Object yaml) {
        return yaml == null ? null : yaml.toString();
    }
}
