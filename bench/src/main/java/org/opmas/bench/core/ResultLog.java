package org.opmas.bench.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Appends one JSON object per run to {@code bench/target/bench-results.jsonl}. */
public final class ResultLog {

    private ResultLog() {
    }

    public static ObjectNode line(String scenario, BenchOptions options) {
        ObjectNode line = BenchHttp.JSON.createObjectNode();
        line.put("scenario", scenario);
        line.put("started_at", Instant.now().toString());
        line.put("host", hostName());
        line.put("cpus", Runtime.getRuntime().availableProcessors());
        line.set("options", BenchHttp.JSON.valueToTree(options.asMap()));
        return line;
    }

    public static void append(Path file, ObjectNode line) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, BenchHttp.JSON.writeValueAsString(line) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
