package io.pgsafety.test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What fills a class's template database: the {@link WithPostgres#init()} scripts, then the
 * {@link WithPostgres#seed()} class. Equal seedings share one template.
 */
record Seeding(List<String> scripts, Class<? extends TemplateSeed> seed) {

    static final Seeding NONE = new Seeding(List.of(), TemplateSeed.class);
    private static final String CLASSPATH = "classpath:";

    Seeding {
        scripts = List.copyOf(scripts);
    }

    static Seeding of(WithPostgres settings) {
        return new Seeding(List.of(settings.init()), settings.seed());
    }

    boolean isNone() {
        return scripts.isEmpty() && seed == TemplateSeed.class;
    }

    void fill(TestDatabase template) throws Exception {
        for (String script : scripts) {
            String sql = read(script);
            try (Connection connection = template.open()) {
                SqlScripts.run(connection, sql);
            } catch (SQLException e) {
                throw new SQLException("@WithPostgres(init) " + script + ": " + e.getMessage(), e.getSQLState(), e);
            }
        }
        if (seed != TemplateSeed.class) {
            TemplateSeed instance;
            try {
                var constructor = seed.getDeclaredConstructor();
                constructor.setAccessible(true);
                instance = constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("@WithPostgres(seed = " + seed.getName()
                        + ".class): cannot make one with its no-argument constructor: " + e, e);
            }
            instance.seed(template);
        }
    }

    /** {@code classpath:db/seed.sql} from the class path, anything else from the file system. */
    private static String read(String script) throws IOException {
        if (script.startsWith(CLASSPATH)) {
            String resource = script.substring(CLASSPATH.length()).replaceFirst("^/", "");
            try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    throw new NoSuchFileException("@WithPostgres(init): " + script + " is not on the class path");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
        Path file = Path.of(script);
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException("@WithPostgres(init): " + script + " is not a file (from "
                    + Path.of("").toAbsolutePath() + "); class path resources start with classpath:");
        }
        return Files.readString(file, StandardCharsets.UTF_8);
    }
}
