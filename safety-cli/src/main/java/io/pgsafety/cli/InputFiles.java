package io.pgsafety.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Finds the SQL files and Liquibase changelogs under the PATH arguments and reads them as strict UTF-8. */
final class InputFiles {

    /** Liquibase changelog formats that need Liquibase itself to expand. */
    private static final List<String> CHANGELOG_EXTENSIONS = List.of(".xml", ".yaml", ".yml", ".json");

    private InputFiles() {}

    /**
     * The files to lint, per argument; each directory's files sorted by path. Directories
     * contribute their {@code *.sql} files and the {@code .xml}, {@code .yaml}, {@code .yml} and
     * {@code .json} files that may be Liquibase changelogs (hidden directories skipped, symlink
     * loops cut); a file named explicitly is read as SQL whatever its name, except those.
     * A file found through several arguments belongs to the first.
     */
    static List<List<Path>> discover(List<String> arguments) throws CliException {
        List<List<Path>> found = new ArrayList<>();
        Set<Path> seen = new HashSet<>();
        for (String argument : arguments) {
            Path path = Path.of(argument);
            List<Path> files = new ArrayList<>();
            if (Files.isDirectory(path)) {
                for (Path file : walk(path)) {
                    addOnce(file, files, seen);
                }
            } else if (Files.exists(path)) {
                addOnce(path, files, seen);
            } else {
                throw new CliException(argument + ": no such file or directory");
            }
            found.add(files);
        }
        return found;
    }

    /** How findings name {@code file}: relative to the working directory when inside it, with forward slashes. */
    static String displayPath(Path file, Path workingDir) {
        Path shown = file.normalize();
        if (shown.isAbsolute() && shown.startsWith(workingDir)) {
            shown = workingDir.relativize(shown);
        }
        String text = shown.toString().replace('\\', '/');
        return text.isEmpty() ? "." : text;
    }

    /** Reads {@code file} as UTF-8, failing on malformed bytes with their offset. A leading BOM is dropped. */
    static String read(Path file, String shownAs) throws CliException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CliException(shownAs + ": no such file");
        } catch (IOException e) {
            throw new CliException(shownAs + ": cannot read (" + reason(e) + ")");
        }
        return decode(bytes, shownAs);
    }

    static String decode(byte[] bytes, String shownAs) throws CliException {
        // The String constructor is much faster than a decoder, but replaces bad bytes with U+FFFD:
        // only text that contains U+FFFD needs the strict decoder to tell the two apart.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') < 0) {
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            throw new CliException(shownAs + ": not valid UTF-8 (byte offset " + in.position() + ")");
        }
        out.flip();
        if (out.hasRemaining() && out.charAt(0) == '\uFEFF') {
            out.position(1);
        }
        return out.toString();
    }

    private static void addOnce(Path file, List<Path> found, Set<Path> seen) throws CliException {
        Path identity;
        try {
            identity = file.toRealPath();
        } catch (IOException e) {
            throw new CliException(file + ": cannot read (" + reason(e) + ")");
        }
        if (seen.add(identity)) {
            found.add(file);
        }
    }

    private static List<Path> walk(Path dir) throws CliException {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(dir, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
                            Path name = d.getFileName();
                            boolean hidden = !d.equals(dir) && name != null && name.toString().startsWith(".");
                            return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                            if (attrs.isRegularFile() && (isChangelog(file) || file.getFileName().toString()
                                    .toLowerCase(Locale.ROOT).endsWith(".sql"))) {
                                files.add(file);
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                            if (e instanceof FileSystemLoopException) {
                                return FileVisitResult.CONTINUE;
                            }
                            throw e;
                        }
                    });
        } catch (IOException e) {
            throw new CliException(dir + ": cannot read directory (" + reason(e) + ")");
        }
        files.sort(null);
        return files;
    }

    /** Whether {@code file} is named like a Liquibase XML, YAML or JSON changelog. */
    static boolean isChangelog(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return CHANGELOG_EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    /**
     * The real path of {@code file}, by which a file read both as an input and through a
     * changelog is recognised; its normalised absolute path when it cannot be resolved.
     */
    static Path realPath(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }

    private static String reason(IOException e) {
        String message = e.getMessage();
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return message == null ? e.getClass().getSimpleName() : message;
    }

    static Path workingDir() {
        return Path.of("").toAbsolutePath();
    }
}
