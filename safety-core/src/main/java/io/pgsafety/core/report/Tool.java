package io.pgsafety.core.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** How this tool names itself in reports. */
public final class Tool {

    public static final String NAME = "safety";
    public static final String INFORMATION_URI = "https://github.com/pgsafety/pg-safety";

    private static volatile String version;

    private Tool() {}

    /** The library version the build stamped into {@code version.properties}. */
    public static String version() {
        String local = version;
        if (local == null) {
            version = local = readVersion();
        }
        return local;
    }

    private static String readVersion() {
        try (InputStream in = Tool.class.getResourceAsStream("/io/pgsafety/core/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
