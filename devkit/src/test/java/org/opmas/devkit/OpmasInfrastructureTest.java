package org.opmas.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.opmas.schema.Topics;

class OpmasInfrastructureTest {

    private final OpmasInfrastructure.Coordinates infra = OpmasInfrastructure.shared();

    @Test
    void sharedInfrastructureIsStartedOncePerJvm() {
        assertThat(OpmasInfrastructure.shared()).isEqualTo(infra);
    }

    @Test
    void pointsAtExistingServersNamedByTheEnvironmentInsteadOfStartingItsOwn() {
        var options = new OpmasInfrastructure.Options(null, 0, 0, List.of(), Map.of(
                "OPMAS_DB_URL", infra.jdbcUrl(),
                "OPMAS_DB_USER", infra.adminUser(),
                "OPMAS_DB_PASSWORD", infra.adminPassword(),
                "OPMAS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap()));
        try (OpmasInfrastructure external = OpmasInfrastructure.start(options)) {
            assertThat(external.database()).as("no embedded PostgreSQL started").isNull();
            assertThat(external.broker()).as("no embedded Kafka started").isNull();
            assertThat(external.coordinates()).isEqualTo(infra);
        }
    }

    @Test
    void databaseIsMigratedAndServiceRolesCanLogIn() throws Exception {
        try (Connection admin = infra.connectAsAdmin();
                ResultSet rs = admin.createStatement().executeQuery(
                        "SELECT count(*) FROM flyway_schema_history WHERE success")) {
            rs.next();
            assertThat(rs.getInt(1)).isPositive();
        }
        for (String role : List.of("opmas_device", "opmas_agent", "opmas_finding", "opmas_playbook", "opmas_executor")) {
            try (Connection connection = infra.connectAs(role);
                    ResultSet rs = connection.createStatement().executeQuery("SELECT current_user, EXTRACT(timezone FROM now())")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo(role);
                assertThat(rs.getInt(2)).as("session UTC offset").isZero();
            }
        }
    }

    @Test
    void everyContractTopicExistsWithItsPartitionsAndCleanupPolicy() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            for (Topics.TopicSpec spec : Topics.SPECS) {
                assertThat(names).contains(spec.name());
                TopicDescription description = admin.describeTopics(List.of(spec.name()))
                        .allTopicNames().get(30, TimeUnit.SECONDS).get(spec.name());
                assertThat(description.partitions()).hasSize(spec.partitions());
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, spec.name());
                String policy = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS)
                        .get(resource).get("cleanup.policy").value();
                assertThat(policy).isEqualTo(spec.compacted() ? "compact" : "delete");
            }
        }
    }

    @Test
    void recordsRoundTripThroughTheBrokerWithKeyAndHeaders() throws Exception {
        String key = "42";
        String value = "{\"probe\":\"" + UUID.randomUUID() + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.ACKS_CONFIG, "all"))) {
            ProducerRecord<String, String> record = new ProducerRecord<>(Topics.DEVICE_LOGS, key, value);
            record.headers().add("ce_id", "probe-1".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, infra.kafkaBootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "devkit-probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(Topics.DEVICE_LOGS));
            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline && received.stream().noneMatch(r -> value.equals(r.value()))) {
                consumer.poll(Duration.ofMillis(500)).forEach(received::add);
            }
            ConsumerRecord<String, String> match = received.stream()
                    .filter(r -> value.equals(r.value())).findFirst().orElseThrow();
            assertThat(match.key()).isEqualTo(key);
            assertThat(new String(match.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8)).isEqualTo("probe-1");
        }
    }
}
