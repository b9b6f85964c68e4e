package io.pgsafety.flyway.acceptance;

import static org.assertj.core.api.Assertions.assertThat;

import io.pgsafety.testsupport.Commands;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/** The two drop-in jars register the same plugins, but for the callback Flyway before 11.16 cannot load. */
class DropInJarsIT {

    private static final String PLUGINS = "META-INF/services/org.flywaydb.core.extensibility.Plugin";

    @Test
    void theExplicitJarLacksOnlyTheAutoRegisteredCallback() throws IOException {
        List<String> auto = plugins("safety-flyway.jar");
        List<String> explicit = plugins("safety-flyway-explicit.jar");

        assertThat(auto).contains("io.pgsafety.flyway.SafetyPluginCallback");
        assertThat(explicit).containsExactlyElementsOf(auto.stream()
                .filter(p -> !p.equals("io.pgsafety.flyway.SafetyPluginCallback")).toList());
    }

    private static List<String> plugins(String jar) throws IOException {
        Path file = Commands.fromProperty("safety.flyway.jars").resolve(jar);
        try (JarFile j = new JarFile(file.toFile()); InputStream in = j.getInputStream(j.getEntry(PLUGINS))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
    }
}
