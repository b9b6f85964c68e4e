package io.pgsafety.test;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server per requested major version per JVM, started on first use and stopped when the JVM
 * exits. Where it comes from, first match wins:
 * <ol>
 *   <li>{@code SAFETY_TEST_JDBC_URL} (+ {@code SAFETY_TEST_JDBC_USER}, {@code SAFETY_TEST_JDBC_PASSWORD}):
 *       a running server, whatever version was asked for;</li>
 *   <li>Testcontainers, when it is on the class path and a Docker engine answers;</li>
 *   <li>the embedded server ({@link EmbeddedServer}).</li>
 * </ol>
 * {@code SAFETY_TEST_BACKEND=external|docker|embedded} forces one. Each variable may also be given
 * as a system property of the same name.
 */
final class Servers {

    static final String URL_VARIABLE = "SAFETY_TEST_JDBC_URL";
    static final String USER_VARIABLE = "SAFETY_TEST_JDBC_USER";
    static final String PASSWORD_VARIABLE = "SAFETY_TEST_JDBC_PASSWORD";
    static final String BACKEND_VARIABLE = "SAFETY_TEST_BACKEND";

    /** A start that failed stays failed: the other tests of the run fail fast with the same cause. */
    private record Started(PostgresServer server, RuntimeException failure) {}

    private static final Map<Integer, Started> SERVERS = new ConcurrentHashMap<>();
    private static final int ANY_VERSION = 0;
    private static String chosenBackend;

    private Servers() {}

    static PostgresServer forVersion(int major) {
        if (major < 12 || major > 18) {
            throw new IllegalArgumentException("@WithPostgres(version = " + major + "): supported are 12 to 18");
        }
        String backend = chosenBackend();
        int key = backend.equals("external") ? ANY_VERSION : major;
        Started started = SERVERS.computeIfAbsent(key, k -> start(backend, major));
        if (started.failure() != null) {
            throw started.failure();
        }
        return started.server();
    }

    private static Started start(String backend, int major) {
        try {
            PostgresServer server;
            if (backend.equals("external")) {
                server = new ExternalServer(setting(URL_VARIABLE), orEmpty(setting(USER_VARIABLE)),
                        orEmpty(setting(PASSWORD_VARIABLE)));
            } else if (backend.equals("docker")) {
                server = ContainerServer.start(major);
            } else {
                server = EmbeddedServer.start(major);
            }
            return new Started(server, null);
        } catch (RuntimeException e) {
            return new Started(null, e);
        }
    }

    private static synchronized String chosenBackend() {
        if (chosenBackend == null) {
            chosenBackend = backend();
        }
        return chosenBackend;
    }

    private static String backend() {
        String forced = setting(BACKEND_VARIABLE);
        if (forced != null && !forced.isBlank()) {
            String b = forced.trim().toLowerCase(Locale.ROOT);
            if (!b.equals("external") && !b.equals("docker") && !b.equals("embedded")) {
                throw new IllegalArgumentException(BACKEND_VARIABLE + " must be external, docker or embedded: " + forced);
            }
            return b;
        }
        String url = setting(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return "external";
        }
        return dockerAvailable() ? "docker" : "embedded";
    }

    private static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, Servers.class.getClassLoader());
            Class.forName("org.testcontainers.postgresql.PostgreSQLContainer", false, Servers.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            return ContainerServer.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    private static String setting(String name) {
        String value = System.getenv(name);
        return value != null ? value : System.getProperty(name);
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
