package org.opmas.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The valid sample events in src/test/resources/samples, named {@code <ce_type>[.<variant>].json}. */
public final class Samples {

    public record Sample(String file, String eventType, byte[] bytes) {
        public ObjectNode tree() {
            try {
                return (ObjectNode) EventJson.mapper().readTree(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return file;
        }
    }

    private Samples() {
    }

    public static List<Sample> all() {
        URL dir = Samples.class.getClassLoader().getResource("samples");
        if (dir == null) {
            throw new IllegalStateException("no samples on the test classpath");
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(Samples::load)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The first sample of a ce_type, as a fresh mutable tree. */
    public static ObjectNode of(String eventType) {
        return all().stream().filter(s -> s.eventType().equals(eventType)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no sample for " + eventType)).tree();
    }

    private static Sample load(Path p) {
        String name = p.getFileName().toString();
        String type = CloudEvents.types().keySet().stream()
                .filter(t -> name.equals(t + ".json") || name.startsWith(t + "."))
                .max(Comparator.comparingInt(String::length))
                .orElseThrow(() -> new IllegalStateException("sample " + name + " is not named after a ce_type"));
        try (InputStream in = Files.newInputStream(p)) {
            return new Sample(name, type, in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static JsonNode schemaOf(String eventType) {
        String resource = CloudEvents.schemaFor(eventType).orElseThrow();
        try (InputStream in = Samples.class.getClassLoader().getResourceAsStream(resource)) {
            return EventJson.mapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
