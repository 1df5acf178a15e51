package org.opmas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.opmas.schema.Topics;

import com.fasterxml.jackson.databind.JsonNode;

/** What every overlay must keep true (security, health, topics, ordering, networking). */
class InvariantsTest {

    /** The topic whose partitions bound the useful replicas of an autoscaled consumer. */
    static final Map<String, String> HPA_TOPIC = Map.of(
            "agent-service", Topics.DEVICE_LOGS,
            "action-executor", Topics.ACTIONS_INTENDED);

    static final Map<String, String> WAVE = Map.of("infra", "-1", "migrate", "0", "app", "1");

    private static Stream<DynamicTest> perOverlay(String what, java.util.function.BiConsumer<String, SoftAssertions> check) {
        return Manifests.overlays().stream().map(overlay -> DynamicTest.dynamicTest(overlay + ": " + what, () -> {
            SoftAssertions soft = new SoftAssertions();
            check.accept(overlay, soft);
            soft.assertAll();
        }));
    }

    @TestFactory
    Stream<DynamicTest> workloadsAreHealthCheckedBoundedAndNonRoot() {
        return perOverlay("deployments and jobs", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            Stream.concat(Manifests.ofKind(objects, "Deployment"), Manifests.ofKind(objects, "Job")).forEach(w -> {
                String id = Manifests.id(w);
                boolean deployment = "Deployment".equals(Manifests.kind(w));
                JsonNode pod = w.path("spec").path("template").path("spec");
                soft.assertThat(pod.path("automountServiceAccountToken").asBoolean(true)).as(id + " token").isFalse();
                JsonNode sa = Manifests.get(objects, "ServiceAccount", pod.path("serviceAccountName").asText());
                soft.assertThat(sa.path("automountServiceAccountToken").asBoolean(true)).as(id + " SA token").isFalse();
                soft.assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as(id + " runAsNonRoot").isTrue();
                soft.assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText())
                        .as(id + " seccomp").isEqualTo("RuntimeDefault");
                Set<String> tmpVolumes = new HashSet<>();
                pod.path("volumes").forEach(v -> {
                    if (v.has("emptyDir")) {
                        tmpVolumes.add(v.path("name").asText());
                    }
                });
                for (JsonNode c : pod.path("containers")) {
                    String cid = id + " container " + c.path("name").asText();
                    JsonNode sc = c.path("securityContext");
                    soft.assertThat(sc.path("runAsNonRoot").asBoolean()).as(cid + " runAsNonRoot").isTrue();
                    soft.assertThat(sc.path("readOnlyRootFilesystem").asBoolean()).as(cid + " readOnlyRootFilesystem").isTrue();
                    soft.assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as(cid + " allowPrivilegeEscalation").isFalse();
                    soft.assertThat(sc.path("capabilities").path("drop").toString()).as(cid + " drop ALL").contains("\"ALL\"");
                    soft.assertThat(sc.path("privileged").asBoolean(false)).as(cid + " privileged").isFalse();
                    boolean tmp = false;
                    for (JsonNode m : c.path("volumeMounts")) {
                        tmp |= "/tmp".equals(m.path("mountPath").asText()) && tmpVolumes.contains(m.path("name").asText());
                    }
                    soft.assertThat(tmp).as(cid + " writable /tmp (emptyDir)").isTrue();
                    for (String kind : List.of("requests", "limits")) {
                        soft.assertThat(c.path("resources").path(kind).has("cpu")).as(cid + " " + kind + ".cpu").isTrue();
                        soft.assertThat(c.path("resources").path(kind).has("memory")).as(cid + " " + kind + ".memory").isTrue();
                    }
                    String image = c.path("image").asText();
                    soft.assertThat(image).as(cid + " image tag").matches(".+:[A-Za-z0-9_.-]+$").doesNotEndWith(":latest");
                    soft.assertThat(c.path("env").toString()).as(cid + " no literal passwords in env")
                            .doesNotContainPattern("\"name\":\"[A-Z_]*(PASSWORD|MASTER_KEY)\",\"value\"");
                    if (deployment) {
                        soft.assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).as(cid + " liveness")
                                .isEqualTo("/q/health/live");
                        soft.assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).as(cid + " readiness")
                                .isEqualTo("/q/health/ready");
                        soft.assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).as(cid + " startup")
                                .startsWith("/q/health/");
                    }
                }
            });
        });
    }

    /** Every service seals its secret settings (and device-service/action-executor SSH keys) with the one master key. */
    @TestFactory
    Stream<DynamicTest> everyServiceGetsTheMasterKeyFromTheSecretAndItsIdFromItsConfigMap() {
        return perOverlay("master key", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            for (String s : Manifests.SERVICES) {
                JsonNode c = Manifests.get(objects, "Deployment", s).path("spec").path("template").path("spec")
                        .path("containers").get(0);
                JsonNode ref = null;
                for (JsonNode env : c.path("env")) {
                    if ("OPMAS_MASTER_KEY".equals(env.path("name").asText())) {
                        ref = env.path("valueFrom").path("secretKeyRef");
                    }
                }
                soft.assertThat(ref).as(s + " env OPMAS_MASTER_KEY").isNotNull();
                if (ref != null) {
                    soft.assertThat(ref.path("name").asText() + "/" + ref.path("key").asText())
                            .as(s + " OPMAS_MASTER_KEY from secret").isEqualTo("opmas-master-key/master-key");
                }
                soft.assertThat(Manifests.get(objects, "ConfigMap", s + "-config").path("data").path("OPMAS_MASTER_KEY_ID")
                        .asText()).as(s + " OPMAS_MASTER_KEY_ID").isNotBlank();
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyServiceHasItsObjectsAndPorts() {
        return perOverlay("services", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            for (String s : Manifests.SERVICES) {
                JsonNode d = Manifests.get(objects, "Deployment", s);
                JsonNode c = d.path("spec").path("template").path("spec").path("containers").get(0);
                String port = Manifests.get(objects, "ConfigMap", s + "-config").path("data").path("OPMAS_HTTP_PORT").asText();
                soft.assertThat(port).as(s + " OPMAS_HTTP_PORT").isNotBlank();
                String httpPort = null;
                for (JsonNode p : c.path("ports")) {
                    if ("http".equals(p.path("name").asText())) {
                        httpPort = p.path("containerPort").asText();
                    }
                }
                soft.assertThat(httpPort).as(s + " container port http = OPMAS_HTTP_PORT").isEqualTo(port);
                String servicePort = null;
                for (JsonNode p : Manifests.get(objects, "Service", s).path("spec").path("ports")) {
                    if ("http".equals(p.path("name").asText())) {
                        servicePort = p.path("port").asText();
                    }
                }
                soft.assertThat(servicePort).as(s + " Service port http").isEqualTo(port);
                soft.assertThat(Manifests.find(objects, "ServiceAccount", s)).as(s + " ServiceAccount").isPresent();
                soft.assertThat(Manifests.ofKind(objects, "PodDisruptionBudget")
                        .anyMatch(p -> selects(p.path("spec").path("selector").path("matchLabels"), d)))
                        .as(s + " PodDisruptionBudget").isTrue();
                soft.assertThat(Manifests.ofKind(objects, "NetworkPolicy")
                        .filter(p -> !p.path("spec").path("podSelector").path("matchLabels").isEmpty())
                        .anyMatch(p -> selects(p.path("spec").path("podSelector").path("matchLabels"), d)))
                        .as(s + " has its own NetworkPolicy").isTrue();
                soft.assertThat(d.path("spec").path("template").path("metadata").path("labels").path("opmas.io/kafka-client").asText())
                        .as(s + " may reach Kafka").isEqualTo("true");
                soft.assertThat(d.path("spec").path("template").path("metadata").path("labels").path("opmas.io/db-client").asText())
                        .as(s + " may reach PostgreSQL").isEqualTo("true");
                // secretKeyRefs point at Secrets the overlay has, or that docs/DEPLOY.md tells the operator to create.
                c.path("env").forEach(e -> {
                    JsonNode ref = e.path("valueFrom").path("secretKeyRef");
                    if (!ref.isMissingNode()) {
                        soft.assertThat(deployDoc()).as(s + " secret " + ref.path("name").asText() + " documented")
                                .contains(ref.path("name").asText());
                    }
                });
            }
            // The API Ingress routes only to OPMAS Services, by their named http port.
            Manifests.ofKind(objects, "Ingress").forEach(ing -> ing.path("spec").path("rules").forEach(rule ->
                    rule.path("http").path("paths").forEach(p -> {
                        JsonNode svc = p.path("backend").path("service");
                        soft.assertThat(Manifests.SERVICES).as("Ingress backend " + p.path("path").asText())
                                .contains(svc.path("name").asText());
                        soft.assertThat(svc.path("port").path("name").asText()).as("Ingress port " + p.path("path").asText())
                                .isEqualTo("http");
                        soft.assertThat(p.path("path").asText()).startsWith("/api/v1/");
                    })));
            for (Map.Entry<String, String> e : HPA_TOPIC.entrySet()) {
                JsonNode hpa = Manifests.get(objects, "HorizontalPodAutoscaler", e.getKey());
                // The overlay may raise a topic's partitions: bound by what it deploys.
                int partitions = Manifests.ofKind(objects, "KafkaTopic")
                        .filter(t -> e.getValue().equals(t.path("spec").path("topicName").asText()))
                        .mapToInt(t -> t.path("spec").path("partitions").asInt())
                        .findFirst().orElse(Topics.spec(e.getValue()).orElseThrow().partitions());
                soft.assertThat(hpa.path("spec").path("maxReplicas").asInt()).as(e.getKey() + " maxReplicas <= partitions of " + e.getValue())
                        .isBetween(1, partitions);
                soft.assertThat(hpa.path("spec").path("minReplicas").asInt()).as(e.getKey() + " minReplicas")
                        .isBetween(1, hpa.path("spec").path("maxReplicas").asInt());
                soft.assertThat(Manifests.get(objects, "Deployment", e.getKey()).path("spec").has("replicas"))
                        .as(e.getKey() + " replicas are the HPA's").isFalse();
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> everyTopicHasAKafkaTopic() {
        return perOverlay("topics", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            Map<String, JsonNode> topics = Manifests.ofKind(objects, "KafkaTopic")
                    .collect(Collectors.toMap(t -> t.path("spec").path("topicName").asText(Manifests.name(t)), t -> t));
            soft.assertThat(topics.keySet()).as("KafkaTopics = Topics.SPECS")
                    .containsExactlyInAnyOrderElementsOf(Topics.SPECS.stream().map(Topics.TopicSpec::name).toList());
            int brokers = Manifests.ofKind(objects, "KafkaNodePool")
                    .filter(p -> p.path("spec").path("roles").toString().contains("broker"))
                    .mapToInt(p -> p.path("spec").path("replicas").asInt()).sum();
            for (Topics.TopicSpec spec : Topics.SPECS) {
                JsonNode t = topics.get(spec.name());
                if (t == null) {
                    continue;
                }
                soft.assertThat(t.path("metadata").path("labels").path("strimzi.io/cluster").asText()).as(spec.name() + " cluster")
                        .isEqualTo("opmas");
                soft.assertThat(t.path("spec").path("partitions").asInt()).as(spec.name() + " partitions")
                        .isGreaterThanOrEqualTo(spec.partitions());
                soft.assertThat(t.path("spec").path("config").path("cleanup.policy").asText()).as(spec.name() + " cleanup.policy")
                        .isEqualTo(spec.cleanupPolicy());
                if (!spec.compacted()) {
                    soft.assertThat(t.path("spec").path("config").path("retention.ms").asLong()).as(spec.name() + " retention.ms")
                            .isPositive();
                }
                int replicas = t.path("spec").path("replicas").asInt();
                soft.assertThat(replicas).as(spec.name() + " replicas <= brokers").isBetween(1, brokers);
                soft.assertThat(t.path("spec").path("config").path("min.insync.replicas").asInt(1))
                        .as(spec.name() + " min.insync.replicas").isLessThanOrEqualTo(replicas);
            }
            soft.assertThat(Manifests.ofKind(objects, "KafkaNodePool").anyMatch(p ->
                    p.path("spec").path("roles").toString().contains("controller")))
                    .as("a KRaft controller pool").isTrue();
        });
    }

    @TestFactory
    Stream<DynamicTest> databaseRolesMatchTheServices() {
        return perOverlay("database", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            JsonNode cluster = Manifests.get(objects, "Cluster", "opmas-db");
            soft.assertThat(cluster.path("spec").path("imageName").asText()).as("PostgreSQL 17")
                    .matches(".*postgresql:17(\\..*)?$");
            Map<String, String> roleSecrets = new java.util.HashMap<>();
            cluster.path("spec").path("managed").path("roles").forEach(r -> {
                roleSecrets.put(r.path("name").asText(), r.path("passwordSecret").path("name").asText());
                soft.assertThat(r.path("login").asBoolean()).as(r.path("name").asText() + " login").isTrue();
            });
            for (String s : Manifests.SERVICES) {
                JsonNode c = Manifests.get(objects, "Deployment", s).path("spec").path("template").path("spec").path("containers").get(0);
                String secret = null;
                for (JsonNode e : c.path("env")) {
                    if (e.path("name").asText().equals("OPMAS_DB_PASSWORD")) {
                        secret = e.path("valueFrom").path("secretKeyRef").path("name").asText();
                    }
                }
                soft.assertThat(secret).as(s + " password from a Secret").isNotBlank();
                soft.assertThat(roleSecrets).as(s + ": a managed role whose password Secret the service uses").containsValue(secret);
            }
            String owner = cluster.path("spec").path("bootstrap").path("initdb").path("owner").asText();
            soft.assertThat(roleSecrets).as("owner role managed (CREATEROLE)").containsKey(owner);
            if ("prod".equals(overlay)) {
                soft.assertThat(cluster.path("spec").path("backup").path("barmanObjectStore").path("destinationPath").asText())
                        .as("WAL archive").isNotBlank();
                soft.assertThat(Manifests.ofKind(objects, "ScheduledBackup")
                        .anyMatch(b -> b.path("spec").path("cluster").path("name").asText().equals("opmas-db")))
                        .as("daily ScheduledBackup").isTrue();
                soft.assertThat(Manifests.ofKind(objects, "Secret").map(Manifests::name).toList())
                        .as("prod ships no Secrets (the operator creates them)").isEmpty();
                soft.assertThat(cluster.path("spec").path("instances").asInt()).as("HA").isGreaterThanOrEqualTo(2);
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> networkPoliciesAndOrdering() {
        return perOverlay("network and ordering", (overlay, soft) -> {
            List<JsonNode> objects = Manifests.render(overlay);
            soft.assertThat(Manifests.ofKind(objects, "NetworkPolicy").anyMatch(p ->
                    p.path("spec").path("podSelector").isEmpty() && p.path("spec").path("ingress").isMissingNode()
                            && p.path("spec").path("egress").isMissingNode()
                            && p.path("spec").path("policyTypes").toString().contains("Ingress")
                            && p.path("spec").path("policyTypes").toString().contains("Egress")))
                    .as("a default-deny NetworkPolicy").isTrue();
            String routers = Manifests.settings(overlay).path("routerCidr").asText();
            soft.assertThat(routers).as("routerCidr setting").matches("\\d+\\.\\d+\\.\\d+\\.\\d+/\\d+");
            JsonNode executor = Manifests.get(objects, "NetworkPolicy", "action-executor");
            soft.assertThat(executor.path("spec").path("egress").toString()).as("executor SSH to the routers")
                    .contains("\"cidr\":\"" + routers + "\"").contains("\"port\":22");
            soft.assertThat(Manifests.get(objects, "NetworkPolicy", "device-service").path("spec").path("ingress").toString())
                    .as("syslog from the routers").contains("\"cidr\":\"" + routers + "\"").contains("\"port\":5514");
            soft.assertThat(objects.toString()).as("no placeholder CIDR left").doesNotContain("192.0.2.0/24");
            for (JsonNode o : objects) {
                String stage = o.path("metadata").path("labels").path("opmas.io/stage").asText();
                soft.assertThat(WAVE).as(Manifests.id(o) + " has a stage").containsKey(stage);
                soft.assertThat(o.path("metadata").path("annotations").path("argocd.argoproj.io/sync-wave").asText())
                        .as(Manifests.id(o) + " sync wave of stage " + stage).isEqualTo(WAVE.getOrDefault(stage, "?"));
            }
            JsonNode job = Manifests.get(objects, "Job", "opmas-schema-migrate");
            soft.assertThat(job.path("metadata").path("annotations").path("argocd.argoproj.io/hook").asText()).isEqualTo("Sync");
            soft.assertThat(job.path("metadata").path("labels").path("opmas.io/stage").asText()).isEqualTo("migrate");
            Manifests.ofKind(objects, "Deployment").forEach(d -> soft.assertThat(
                    d.path("metadata").path("labels").path("opmas.io/stage").asText()).as(Manifests.id(d)).isEqualTo("app"));
        });
    }

    private static boolean selects(JsonNode matchLabels, JsonNode deployment) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        if (matchLabels.isMissingNode() || matchLabels.isEmpty()) {
            return false;
        }
        var it = matchLabels.fields();
        while (it.hasNext()) {
            var e = it.next();
            if (!e.getValue().asText().equals(podLabels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    private static String deployDoc() {
        try {
            return Files.readString(Manifests.repoRoot().resolve("docs/DEPLOY.md"));
        } catch (IOException e) {
            return "";
        }
    }
}
