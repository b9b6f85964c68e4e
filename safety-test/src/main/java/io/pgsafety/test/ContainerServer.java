package io.pgsafety.test;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * A server in a Docker container. Only {@link Servers} touches this class, and only after it has
 * seen Testcontainers on the class path: the kit runs without Testcontainers.
 */
final class ContainerServer implements PostgresServer {

    private final int major;
    private final PostgreSQLContainer container;

    private ContainerServer(int major, PostgreSQLContainer container) {
        this.major = major;
        this.container = container;
    }

    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static ContainerServer start(int major) {
        PostgreSQLContainer container = new PostgreSQLContainer(DockerImageName.parse("postgres:" + major))
                .withCommand("postgres", "-c", "fsync=off", "-c", "synchronous_commit=off",
                        "-c", "full_page_writes=off", "-c", "log_statement=ddl", "-c", "log_lock_waits=on");
        container.start();
        ContainerServer server = new ContainerServer(major, container);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pg-safety-container-" + major + "-stop"));
        return server;
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String adminDatabase() {
        return container.getDatabaseName();
    }

    @Override
    public String user() {
        return container.getUsername();
    }

    @Override
    public String password() {
        return container.getPassword();
    }

    @Override
    public ServerLog log() {
        return new ServerLog() {
            @Override
            public long position() {
                return container.getLogs().length();
            }

            @Override
            public String since(long position) {
                String logs = container.getLogs();
                return position >= logs.length() ? "" : logs.substring((int) position);
            }
        };
    }

    @Override
    public String description() {
        return "PostgreSQL " + major + " in container " + container.getContainerName();
    }

    @Override
    public void close() {
        container.stop();
    }
}
