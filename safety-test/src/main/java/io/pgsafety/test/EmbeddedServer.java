package io.pgsafety.test;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL server run from the Maven Central binaries of {@link PgBinaries}: initdb into a
 * temporary folder, then the postmaster on a free loopback port, its output going to a log file.
 *
 * <p>PostgreSQL refuses to run as root (CI containers often do), so under root the server runs as
 * the user named by {@value #RUN_AS_PROPERTY} (default {@code nobody}) through {@code setpriv}.
 */
final class EmbeddedServer implements PostgresServer {

    static final String RUN_AS_PROPERTY = "safety.test.run-as";
    private static final String SUPERUSER = "postgres";
    private static final long STARTUP_TIMEOUT_MS = 60_000;

    private final int major;
    private final Path home;
    private final Path logFile;
    private final int port;
    private final Process postmaster;

    private EmbeddedServer(int major, Path home, Path logFile, int port, Process postmaster) {
        this.major = major;
        this.home = home;
        this.logFile = logFile;
        this.port = port;
        this.postmaster = postmaster;
    }

    static EmbeddedServer start(int major) {
        long begin = System.nanoTime();
        Path install = PgBinaries.install(major);
        try {
            Path home = Files.createTempDirectory("pg-safety-" + major + "-");
            Path data = home.resolve("data");
            Files.createDirectory(data);
            Path logFile = home.resolve("server.log");
            Files.createFile(logFile);
            List<String> prefix = privilegeDrop(home, data);
            run(logFile, command(prefix, install.resolve("bin/initdb").toString(), "-D", data.toString(),
                    "-U", SUPERUSER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"));
            int port = freePort();
            Process postmaster = new ProcessBuilder(command(prefix, install.resolve("bin/postgres").toString(),
                    "-D", data.toString(), "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=",
                    "-c", "fsync=off",
                    "-c", "synchronous_commit=off",
                    "-c", "full_page_writes=off",
                    "-c", "log_line_prefix=%m [%p] %d ",
                    "-c", "log_statement=ddl",
                    "-c", "log_lock_waits=on",
                    "-c", "max_connections=100"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            EmbeddedServer server = new EmbeddedServer(major, home, logFile, port, postmaster);
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "pg-safety-embedded-" + major + "-stop"));
            server.awaitReady();
            System.err.printf("pg-safety: %s started in %d ms%n", server.description(),
                    (System.nanoTime() - begin) / 1_000_000);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded PostgreSQL " + major, e);
        }
    }

    /** Under root: hands the folders to the unprivileged user and returns the setpriv prefix. */
    private static List<String> privilegeDrop(Path home, Path data) throws IOException {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        String user = System.getProperty(RUN_AS_PROPERTY, "nobody");
        UserPrincipal owner = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(user);
        Files.setOwner(home, owner);
        Files.setOwner(data, owner);
        return List.of("setpriv", "--reuid=" + user, "--regid=" + primaryGroup(user), "--init-groups", "--");
    }

    private static String primaryGroup(String user) throws IOException {
        Process id = new ProcessBuilder("id", "-g", user).redirectErrorStream(true).start();
        String out = new String(id.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (waitFor(id) != 0) {
            throw new IOException("cannot find the group of user " + user + ": " + out);
        }
        return out;
    }

    private static List<String> command(List<String> prefix, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(args));
        return command;
    }

    private static void run(Path logFile, List<String> command) throws IOException {
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start();
        if (waitFor(process) != 0) {
            throw new IOException("command failed: " + command + "\n"
                    + Files.readString(logFile));
        }
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            return -1;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() throws IOException {
        long deadline = System.currentTimeMillis() + STARTUP_TIMEOUT_MS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!postmaster.isAlive()) {
                throw new IOException("PostgreSQL " + major + " exited with " + postmaster.exitValue() + ":\n"
                        + Files.readString(logFile));
            }
            try (Connection ignored = DriverManager.getConnection(jdbcUrl(adminDatabase()), SUPERUSER, "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            sleep(50);
        }
        close();
        throw new IOException("PostgreSQL " + major + " did not accept connections within "
                + STARTUP_TIMEOUT_MS + " ms:\n" + Files.readString(logFile), last);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public String adminDatabase() {
        return "postgres";
    }

    @Override
    public String user() {
        return SUPERUSER;
    }

    @Override
    public String password() {
        return "";
    }

    @Override
    public ServerLog log() {
        return new ServerLog() {
            @Override
            public long position() {
                return logFile.toFile().length();
            }

            @Override
            public String since(long position) {
                try (RandomAccessFile file = new RandomAccessFile(logFile.toFile(), "r")) {
                    long length = file.length();
                    if (position >= length) {
                        return "";
                    }
                    byte[] bytes = new byte[(int) Math.min(length - position, Integer.MAX_VALUE)];
                    file.seek(position);
                    file.readFully(bytes);
                    return new String(bytes, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    return "(cannot read " + logFile + ": " + e + ")";
                }
            }
        };
    }

    @Override
    public String description() {
        return "embedded PostgreSQL " + major + " (port " + port + ", log " + logFile + ")";
    }

    /** Fast shutdown (SIGINT: running sessions are cut), then the folder goes. */
    @Override
    public void close() {
        if (postmaster.isAlive()) {
            try {
                waitFor(new ProcessBuilder("kill", "-INT", Long.toString(postmaster.pid())).start());
                if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
                    postmaster.destroyForcibly();
                }
            } catch (IOException e) {
                postmaster.destroyForcibly();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                postmaster.destroyForcibly();
            }
        }
        try {
            PgBinaries.deleteTree(home);
        } catch (IOException e) {
            // A folder left in the temporary directory is harmless; the next run does not reuse it.
        }
    }
}
