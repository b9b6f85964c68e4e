package io.pgsafety.cli;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One run of the command line, in process: its exit status and what it printed. */
record CliRun(int status, String out, String err) {

    private static final Pattern FINDING = Pattern.compile(
            "\"file\": \"([^\"]*)\",\\s*\"line\": (\\d+),.*?\"rule\": \"([^\"]*)\"", Pattern.DOTALL);

    static CliRun of(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, out, err, false);
        return new CliRun(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code file:line:rule} of each finding in a JSON report, the file without its folders. */
    List<String> findings() {
        List<String> found = new ArrayList<>();
        Matcher m = FINDING.matcher(out);
        while (m.find()) {
            found.add(m.group(1).substring(m.group(1).lastIndexOf('/') + 1) + ":" + m.group(2) + ":" + m.group(3));
        }
        return found;
    }
}
