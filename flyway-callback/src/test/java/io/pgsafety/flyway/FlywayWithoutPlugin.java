package io.pgsafety.flyway;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;

/**
 * Flyway as a user has it after removing pg-safety: loaded from the test class path in a class
 * loader that cannot see any pg-safety class (nor its plugin registrations), driven by reflection.
 */
final class FlywayWithoutPlugin implements AutoCloseable {

    private static final String OUR_PACKAGE = "io/pgsafety/";

    private final URLClassLoader loader;

    FlywayWithoutPlugin() {
        loader = new URLClassLoader(classPathWithoutPgSafety(), ClassLoader.getPlatformClassLoader());
    }

    /** {@code Flyway.migrate()} with {@code configuration} ({@code flyway.*} keys: URL, locations, …). */
    void migrate(Map<String, String> configuration) throws Throwable {
        call(load(configuration), "migrate");
    }

    /** {@code Flyway.validate()}: throws Flyway's exception when the history does not match. */
    void validate(String url, String location) throws Throwable {
        call(load(configuration(url, location)), "validate");
    }

    /** Checksum of each resolved migration, as {@code script=checksum}, computed by Flyway's own resolver. */
    List<String> resolvedChecksums(String url, String location) throws Throwable {
        Object info = call(load(configuration(url, location)), "info");
        List<String> checksums = new ArrayList<>();
        for (Object migration : (Object[]) call(info, "all")) {
            checksums.add(call(migration, "getScript") + "=" + call(migration, "getChecksum"));
        }
        return checksums;
    }

    private static Map<String, String> configuration(String url, String location) {
        return Map.of("flyway.url", url, "flyway.user", "postgres", "flyway.password", "postgres",
                "flyway.locations", location);
    }

    private Object load(Map<String, String> properties) throws ReflectiveOperationException {
        Class<?> flywayClass = loader.loadClass("org.flywaydb.core.Flyway");
        Object configuration = flywayClass.getMethod("configure", ClassLoader.class).invoke(null, loader);
        configuration = configuration.getClass().getMethod("configuration", Map.class).invoke(configuration, properties);
        return configuration.getClass().getMethod("load").invoke(configuration);
    }

    private static Object call(Object target, String method) throws Throwable {
        try {
            return target.getClass().getMethod(method).invoke(target);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static URL[] classPathWithoutPgSafety() {
        List<URL> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path path = Paths.get(entry);
            if (!holdsPgSafety(path)) {
                try {
                    urls.add(path.toUri().toURL());
                } catch (MalformedURLException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return urls.toArray(URL[]::new);
    }

    /** Whether {@code entry} of a class path (a directory or a jar) holds pg-safety's classes. */
    static boolean holdsPgSafety(Path entry) {
        if (Files.isDirectory(entry)) {
            return Files.isDirectory(entry.resolve(OUR_PACKAGE));
        }
        if (!Files.isRegularFile(entry)) {
            return false;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            return jar.stream().anyMatch(e -> e.getName().startsWith(OUR_PACKAGE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        loader.close();
    }
}
