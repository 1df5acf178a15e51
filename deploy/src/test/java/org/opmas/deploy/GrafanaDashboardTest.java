package org.opmas.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * deploy/grafana/opmas-overview.json: a current Grafana schema, a Prometheus datasource variable,
 * shipped as a ConfigMap with the sidecar label, and every metric a panel queries is one that
 * exists — registered by OPMAS code (found in the sources) or exported by a named third party.
 */
class GrafanaDashboardTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CODE_MODULES = List.of("common", "device-service", "agent-service",
            "finding-service", "playbook-service", "action-executor");

    /**
     * Metrics not registered by OPMAS code, with who exports them. Adding one here is a claim to check
     * against a running exporter, not a way to silence this test.
     */
    private static final Map<String, String> THIRD_PARTY = Map.of(
            "kafka_consumer_fetch_manager_records_lag_max",
            "Kafka consumer client metrics, bound by quarkus-micrometer's Kafka binder in every service",
            "kubelet_volume_stats_available_bytes", "kubelet volume stats (PVCs of the CloudNativePG cluster)",
            "kubelet_volume_stats_capacity_bytes", "kubelet volume stats (PVCs of the CloudNativePG cluster)");

    /** What Micrometer's Prometheus registry appends to a meter's name (counters, timers, summaries). */
    private static final List<String> PROMETHEUS_SUFFIXES = List.of(
            "_total", "_seconds_count", "_seconds_sum", "_seconds_max", "_seconds_bucket", "_count", "_sum", "_max", "_bucket");

    /** The first argument of a meter registration: counter(..), Counter.builder(..), Gauge.builder(..), set(..) of dbmonitor. */
    private static final Pattern REGISTRATION = Pattern.compile(
            "(?:counter|builder|gauge|timer|summary|set)\\(\\s*(?:registry\\s*,\\s*)?\"(opmas[._][a-z0-9_.]+)\"");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("by", "without", "on", "ignoring", "group_left",
            "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan");

    private static JsonNode dashboard() throws IOException {
        return JSON.readTree(Manifests.deployDir().resolve("grafana/opmas-overview.json").toFile());
    }

    @Test
    void uses_a_current_schema_and_a_prometheus_datasource_variable_in_every_query() throws IOException {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isGreaterThanOrEqualTo(38);
        assertThat(dashboard.path("uid").asText()).isEqualTo("opmas-overview");
        JsonNode variable = null;
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("datasource")) {
                variable = v;
            }
        }
        assertThat(variable).as("a datasource template variable").isNotNull();
        assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        String reference = "${" + variable.path("name").asText() + "}";
        List<JsonNode> targets = targets(dashboard);
        assertThat(targets).hasSizeGreaterThan(10);
        SoftAssertions soft = new SoftAssertions();
        for (JsonNode panel : panels(dashboard)) {
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            soft.assertThat(panel.path("datasource").path("uid").asText()).as(panel.path("title").asText()).isEqualTo(reference);
            soft.assertThat(panel.path("targets")).as(panel.path("title").asText() + " has queries").isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                soft.assertThat(target.path("datasource").path("uid").asText()).isEqualTo(reference);
                soft.assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
            }
        }
        soft.assertAll();
    }

    @Test
    void shows_every_database_monitoring_metric_and_the_pipeline() throws IOException {
        Set<String> used = metricsUsed(dashboard());
        assertThat(used).contains("opmas_db_table_size_bytes", "opmas_db_index_size_bytes", "opmas_db_index_scans",
                "opmas_db_database_size_bytes", "opmas_db_connections", "opmas_db_replication_lag_seconds",
                "opmas_db_standby_replay_lag_seconds", "opmas_db_slow_statements", "opmas_db_slow_statements_available",
                "opmas_db_monitor_errors_total", "kubelet_volume_stats_available_bytes",
                "opmas_ingest_received_total", "opmas_agent_detections_total", "opmas_finding_events_total",
                "opmas_executor_actions_total", "kafka_consumer_fetch_manager_records_lag_max");
    }

    @Test
    void every_metric_a_panel_queries_is_registered_by_the_code_or_a_named_exporter() throws IOException {
        Set<String> registered = registeredInCode();
        // The scan must find the meters it is meant to find, or an empty set would fail everything for the wrong reason.
        assertThat(registered).contains("opmas_db_table_size_bytes", "opmas_executor_actions", "opmas_ingest_received_total");
        SoftAssertions soft = new SoftAssertions();
        for (String metric : metricsUsed(dashboard())) {
            soft.assertThat(exists(metric, registered))
                    .as("%s is neither registered in %s nor a known third-party metric", metric, CODE_MODULES)
                    .isTrue();
        }
        soft.assertAll();
    }

    @Test
    void a_metric_the_code_does_not_register_is_caught() {
        Set<String> registered = registeredInCode();
        assertThat(exists("opmas_db_table_size_bytes", registered)).isTrue();
        assertThat(exists("opmas_executor_actions_total", registered)).isTrue();
        assertThat(exists("opmas_executor_action_duration_seconds_count", registered)).isTrue();
        assertThat(exists("opmas_db_table_bytes", registered)).isFalse();
        assertThat(exists("opmas_executor_action_total", registered)).isFalse();
        assertThat(metricsIn("sum by (job) (rate(opmas_no_such_metric_total{job=\"x\"}[5m])) / on (job) up"))
                .containsExactlyInAnyOrder("opmas_no_such_metric_total", "up");
    }

    @Test
    void ships_as_a_config_map_with_the_grafana_sidecar_label_in_every_overlay() throws IOException {
        String expected = Files.readString(Manifests.deployDir().resolve("grafana/opmas-overview.json"));
        for (String overlay : Manifests.overlays()) {
            JsonNode configMap = Manifests.get(Manifests.render(overlay), "ConfigMap", "opmas-grafana-dashboards");
            assertThat(configMap.path("metadata").path("labels").path("grafana_dashboard").asText()).as(overlay).isEqualTo("1");
            assertThat(configMap.path("data").path("opmas-overview.json").asText()).as(overlay).isEqualTo(expected);
        }
    }

    private static boolean exists(String metric, Set<String> registered) {
        if (registered.contains(metric) || THIRD_PARTY.containsKey(metric)) {
            return true;
        }
        for (String suffix : PROMETHEUS_SUFFIXES) {
            if (metric.endsWith(suffix) && registered.contains(metric.substring(0, metric.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    /** Meter names registered in the services' and common's main sources, in Prometheus form (dots → underscores). */
    private static Set<String> registeredInCode() {
        Set<String> names = new TreeSet<>();
        for (String module : CODE_MODULES) {
            Path sources = Manifests.repoRoot().resolve(module).resolve("src/main/java");
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    Matcher m = REGISTRATION.matcher(Files.readString(file));
                    while (m.find()) {
                        names.add(m.group(1).replace('.', '_'));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static Set<String> metricsUsed(JsonNode dashboard) {
        Set<String> metrics = new LinkedHashSet<>();
        targets(dashboard).forEach(t -> metrics.addAll(metricsIn(t.path("expr").asText())));
        return metrics;
    }

    /**
     * The metric names in a PromQL expression: identifiers left after removing strings, label
     * matchers, ranges, grouping clauses, function calls, keywords and numbers.
     */
    static Set<String> metricsIn(String expr) {
        String rest = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> metrics = new LinkedHashSet<>();
        Matcher m = IDENTIFIER.matcher(rest);
        while (m.find()) {
            String word = m.group();
            boolean call = rest.substring(m.end()).stripLeading().startsWith("(");
            boolean number = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
            if (!call && !number && !PROMQL_WORDS.contains(word.toLowerCase())) {
                metrics.add(word);
            }
        }
        return metrics;
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> all = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            all.add(panel);
            panel.path("panels").forEach(all::add);
        }
        return all;
    }

    private static List<JsonNode> targets(JsonNode dashboard) {
        List<JsonNode> targets = new ArrayList<>();
        panels(dashboard).forEach(p -> p.path("targets").forEach(targets::add));
        return targets;
    }
}
