package org.opmas.deploy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * Renders the Kustomize overlays with {@code kubectl kustomize} and gives access to the objects.
 * kubectl is required (it is on the build machines and CI); without it the tests fail and say so.
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** The five services, as named in the manifests (Deployment, Service, module directory). */
    static final List<String> SERVICES = List.of(
            "device-service", "agent-service", "finding-service", "playbook-service", "action-executor");

    private static final Map<String, List<JsonNode>> RENDERED = new ConcurrentHashMap<>();

    private Manifests() {
    }

    /** {@code deploy/} (the module directory; surefire runs with it as the working directory). */
    static Path deployDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.isDirectory(here.resolve("kubernetes/overlays"))) {
            return here;
        }
        if (Files.isDirectory(here.resolve("deploy/kubernetes/overlays"))) {
            return here.resolve("deploy");
        }
        throw new IllegalStateException("Cannot find deploy/kubernetes/overlays from " + here);
    }

    static Path repoRoot() {
        return deployDir().getParent();
    }

    static Path kubernetesDir() {
        return deployDir().resolve("kubernetes");
    }

    /** Every overlay directory name (dev, prod, ...). */
    static List<String> overlays() {
        try (Stream<Path> dirs = Files.list(kubernetesDir().resolve("overlays"))) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("kustomization.yaml")))
                    .map(d -> d.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The rendered objects of an overlay (cached per JVM). */
    static List<JsonNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, o -> kustomize(kubernetesDir().resolve("overlays").resolve(o)));
    }

    static String kubectl() {
        String fromEnv = System.getenv("KUBECTL");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            File f = new File(dir, "kubectl");
            if (f.isFile() && f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        throw new AssertionError("kubectl not found on PATH (nor in $KUBECTL). The deploy module renders every "
                + "overlay with `kubectl kustomize`: install kubectl (https://kubernetes.io/docs/tasks/tools/) "
                + "and run the build again.");
    }

    private static List<JsonNode> kustomize(Path dir) {
        String kubectl = kubectl();
        try {
            Process p = new ProcessBuilder(kubectl, "kustomize", dir.toString())
                    .redirectErrorStream(false).start();
            byte[] out;
            byte[] err;
            try (InputStream stdout = p.getInputStream(); InputStream stderr = p.getErrorStream()) {
                out = stdout.readAllBytes();
                err = stderr.readAllBytes();
            }
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (exit " + p.exitValue() + "):\n"
                        + new String(err, StandardCharsets.UTF_8));
            }
            List<JsonNode> objects = new ArrayList<>();
            try (var parser = YAML.getFactory().createParser(out)) {
                var it = YAML.readValues(parser, JsonNode.class);
                while (it.hasNext()) {
                    JsonNode n = it.next();
                    if (n != null && !n.isNull() && !n.isEmpty()) {
                        objects.add(n);
                    }
                }
            }
            return List.copyOf(objects);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + kubectl + " kustomize " + dir + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static String kind(JsonNode o) {
        return o.path("kind").asText();
    }

    static String name(JsonNode o) {
        return o.path("metadata").path("name").asText();
    }

    static String id(JsonNode o) {
        return o.path("apiVersion").asText() + "/" + kind(o) + "/" + name(o);
    }

    static Stream<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(kind(o)));
    }

    static Optional<JsonNode> find(List<JsonNode> objects, String kind, String name) {
        return ofKind(objects, kind).filter(o -> name.equals(name(o))).findFirst();
    }

    static JsonNode get(List<JsonNode> objects, String kind, String name) {
        return find(objects, kind, name)
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered overlay"));
    }

    /** The local-config settings of an overlay (overlays/&lt;name&gt;/settings.yaml). */
    static ObjectNode settings(String overlay) {
        try {
            return (ObjectNode) YAML.readTree(kubernetesDir().resolve("overlays").resolve(overlay)
                    .resolve("settings.yaml").toFile()).path("data");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
