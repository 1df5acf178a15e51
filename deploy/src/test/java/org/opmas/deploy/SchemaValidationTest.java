package org.opmas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.strimzi.api.kafka.model.kafka.Kafka;
import io.strimzi.api.kafka.model.nodepool.KafkaNodePool;
import io.strimzi.api.kafka.model.topic.KafkaTopic;

/**
 * Every rendered object of every overlay is valid for the API it claims: Kubernetes kinds and the
 * Strimzi kinds deserialize strictly into their typed model (fabric8, io.strimzi:api — an unknown
 * field anywhere is an error, a wrong type too); the CloudNativePG kinds validate against the JSON
 * Schemas in src/test/resources/schemas (derived from the CNPG CRDs for the fields OPMAS uses,
 * additionalProperties false). An apiVersion/kind without a validator fails.
 */
class SchemaValidationTest {

    /** apiVersion/kind -> typed model. */
    static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1/ConfigMap", ConfigMap.class),
            Map.entry("v1/Secret", Secret.class),
            Map.entry("v1/Service", Service.class),
            Map.entry("v1/ServiceAccount", ServiceAccount.class),
            Map.entry("apps/v1/Deployment", Deployment.class),
            Map.entry("batch/v1/Job", Job.class),
            Map.entry("autoscaling/v2/HorizontalPodAutoscaler", HorizontalPodAutoscaler.class),
            Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
            Map.entry("networking.k8s.io/v1/NetworkPolicy", NetworkPolicy.class),
            Map.entry("networking.k8s.io/v1/Ingress", Ingress.class),
            Map.entry("kafka.strimzi.io/v1/Kafka", Kafka.class),
            Map.entry("kafka.strimzi.io/v1/KafkaNodePool", KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1/KafkaTopic", KafkaTopic.class));

    /** apiVersion/kind -> JSON Schema resource (CloudNativePG: no Java model exists). */
    static final Map<String, String> SCHEMAS = Map.of(
            "postgresql.cnpg.io/v1/Cluster", "/schemas/cnpg-cluster.schema.json",
            "postgresql.cnpg.io/v1/ScheduledBackup", "/schemas/cnpg-scheduledbackup.schema.json");

    static final ObjectMapper STRICT = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    @TestFactory
    Stream<DynamicTest> everyObjectOfEveryOverlayIsValid() {
        return Manifests.overlays().stream().flatMap(overlay -> Manifests.render(overlay).stream()
                .map(o -> DynamicTest.dynamicTest(overlay + ": " + Manifests.id(o), () -> validate(o))));
    }

    @Test
    void theValidatorRejectsAnUnknownFieldAndAWrongType() throws Exception {
        JsonNode deployment = Manifests.get(Manifests.render("prod"), "Deployment", "agent-service").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) deployment.path("spec").path("template").path("spec")
                .path("containers").get(0)).put("imagePullPolicyy", "Always");
        assertThat(problems(deployment)).anySatisfy(p -> assertThat(p).contains("imagePullPolicyy"));

        JsonNode topic = Manifests.ofKind(Manifests.render("prod"), "KafkaTopic").findFirst().orElseThrow().deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) topic.path("spec")).put("partitions", "six");
        assertThat(problems(topic)).isNotEmpty();

        JsonNode kafka = Manifests.get(Manifests.render("prod"), "Kafka", "opmas").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) kafka.path("spec").path("kafka")).put("replicas", 3);
        assertThat(problems(kafka)).as("v1beta2-only field in a v1 Kafka")
                .anySatisfy(p -> assertThat(p).contains("replicas").contains("v1"));

        JsonNode service = Manifests.get(Manifests.render("prod"), "Service", "device-service").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) service.path("spec").path("ports").get(0)).remove("port");
        assertThat(problems(service)).as("a required field is missing").anySatisfy(p -> assertThat(p).contains("port"));

        JsonNode cluster = Manifests.get(Manifests.render("prod"), "Cluster", "opmas-db").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) cluster.path("spec")).put("instance", 3);
        assertThat(problems(cluster)).anySatisfy(p -> assertThat(p).contains("instance"));
    }

    private static void validate(JsonNode object) {
        assertThat(problems(object)).as(Manifests.id(object)).isEmpty();
    }

    static List<String> problems(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        List<String> problems = new ArrayList<>();
        if (object.path("metadata").path("name").asText().isBlank()) {
            problems.add("metadata.name is missing");
        }
        Class<?> type = TYPED.get(key);
        String schema = SCHEMAS.get(key);
        if (type != null) {
            try {
                Object typed = STRICT.treeToValue(object, type);
                String version = object.path("apiVersion").asText();
                unknownFields(typed, "", problems, new IdentityHashMap<>(),
                        version.substring(version.indexOf('/') + 1));
                if (!type.getPackageName().startsWith("io.strimzi")) {
                    // The Kubernetes OpenAPI schema as well: required fields, types, formats.
                    for (io.fabric8.kubernetes.schema.validator.ValidationMessage m : K8S_OPENAPI.validate(object).getMessages()) {
                        if (m.getLevel() == io.fabric8.kubernetes.schema.validator.ValidationMessage.Level.ERROR
                                && !intOrString(m)) {
                            problems.add("OpenAPI " + m.getSchema() + ": " + m.getMessage());
                        }
                    }
                }
            } catch (Exception e) {
                problems.add("does not deserialize into " + type.getSimpleName() + ": " + e.getMessage());
            }
        } else if (schema != null) {
            for (ValidationMessage m : jsonSchema(schema).validate(object)) {
                problems.add(m.getMessage());
            }
        } else {
            problems.add("no validator for " + key + " (add its typed model or JSON Schema to SchemaValidationTest)");
        }
        return problems;
    }

    /**
     * The validator does not know x-kubernetes-int-or-string: it rejects the integer form of
     * IntOrString and Quantity, which the API server accepts (the typed models checked those already).
     */
    private static boolean intOrString(io.fabric8.kubernetes.schema.validator.ValidationMessage m) {
        String schema = String.valueOf(m.getSchema());
        return (schema.endsWith("intstr.IntOrString") || schema.endsWith("resource.Quantity"))
                && String.valueOf(m.getMessage()).contains("Instance type (integer)");
    }

    private static final io.fabric8.kubernetes.schema.validator.Validator K8S_OPENAPI =
            io.fabric8.kubernetes.schema.validator.Validator.newInstance();

    private static final Map<String, JsonSchema> LOADED = new java.util.concurrent.ConcurrentHashMap<>();

    private static JsonSchema jsonSchema(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (InputStream in = SchemaValidationTest.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("missing " + r);
                }
                return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /**
     * fabric8 and Strimzi models keep unknown fields in an "additionalProperties" map instead of
     * failing; walk the typed object and report every non-empty one.
     */
    private static void unknownFields(Object value, String path, List<String> problems, Map<Object, Boolean> seen,
            String apiVersion) {
        if (value == null || seen.put(value, Boolean.TRUE) != null) {
            return;
        }
        if (value instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", problems, seen, apiVersion);
            }
            return;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                unknownFields(e.getValue(), path + "." + e.getKey(), problems, seen, apiVersion);
            }
            return;
        }
        String pkg = value.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8") && !pkg.startsWith("io.strimzi")) {
            return;
        }
        for (Method m : value.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            String n = m.getName();
            if (!(n.startsWith("get") && n.length() > 3) || SKIP.contains(n)) {
                continue;
            }
            Object child;
            try {
                child = m.invoke(value);
            } catch (ReflectiveOperationException | RuntimeException e) {
                continue;
            }
            if (n.equals("getAdditionalProperties")) {
                if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add("unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                }
                continue;
            }
            String field = Character.toLowerCase(n.charAt(3)) + n.substring(4);
            if (child != null && !presentIn(value.getClass(), m, apiVersion)) {
                problems.add("field " + path + "." + field + " does not exist in API version " + apiVersion);
            }
            unknownFields(child, path + "." + field, problems, seen, apiVersion);
        }
    }

    private static final List<String> VERSIONS = List.of("v1alpha1", "v1beta1", "v1beta2", "v1");

    /**
     * Strimzi's models serve several API versions; a property that a version lacks carries
     * {@code @PresentInVersions} (e.g. "v1beta2": gone in v1) on its getter or setter.
     */
    private static boolean presentIn(Class<?> type, Method getter, String apiVersion) {
        if (!type.getPackageName().startsWith("io.strimzi")) {
            return true;
        }
        List<java.lang.annotation.Annotation> annotations = new ArrayList<>(List.of(getter.getAnnotations()));
        String setter = "set" + getter.getName().substring(3);
        for (Method m : type.getMethods()) {
            if (m.getName().equals(setter) && m.getParameterCount() == 1) {
                annotations.addAll(List.of(m.getAnnotations()));
            }
        }
        for (java.lang.annotation.Annotation a : annotations) {
            if (!a.annotationType().getSimpleName().equals("PresentInVersions")) {
                continue;
            }
            String spec;
            try {
                spec = String.valueOf(a.annotationType().getMethod("value").invoke(a));
            } catch (ReflectiveOperationException e) {
                return true;
            }
            int v = VERSIONS.indexOf(apiVersion);
            for (String token : spec.split(",")) {
                token = token.trim();
                if (token.endsWith("+")) {
                    if (VERSIONS.indexOf(token.substring(0, token.length() - 1)) <= v) {
                        return true;
                    }
                } else if (token.contains("-")) {
                    String[] range = token.split("-");
                    if (VERSIONS.indexOf(range[0]) <= v && v <= VERSIONS.indexOf(range[1])) {
                        return true;
                    }
                } else if (token.equals(apiVersion)) {
                    return true;
                }
            }
            return false;
        }
        return true;
    }

    private static final Set<String> SKIP = Set.of("getClass", "getPlural", "getSingular", "getCRDName",
            "getFullResourceName", "getScope", "getKind", "getApiVersion", "getGroup", "getVersion");
}
