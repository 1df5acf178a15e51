package org.opmas.common.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opmas.common.outbox.Outbox;
import org.opmas.common.outbox.OutboxConfig;
import org.opmas.common.outbox.OutboxRelay;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.Topics;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class OutboxRelayTest {

    static final String TYPE = "org.opmas.device.upserted.v1";

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Inject
    Pool pool;

    @Inject
    OutboxConfig config;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    long rowsWithEventId(UUID eventId) {
        return pool.preparedQuery("SELECT count(*) AS n FROM device_outbox WHERE event_id = $1")
                .execute(Tuple.of(eventId)).await().atMost(Duration.ofSeconds(10))
                .iterator().next().getLong("n");
    }

    @Test
    void committedEventIsPublishedWithCloudEventHeadersAndDeleted() throws Throwable {
        assertThat(relay.isRunning()).isTrue();
        String key = "common-test-" + UUID.randomUUID();
        UUID eventId = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(Topics.DEVICES, key, TYPE, Map.of("device_id", 42, "hostname", "r1"))));

        ConsumerRecord<byte[], byte[]> record = KafkaTestConsumer.awaitRecord(bootstrap, Topics.DEVICES,
                r -> key.equals(KafkaTestConsumer.text(r.key())), Duration.ofSeconds(30));

        assertThat(KafkaTestConsumer.text(record.value())).contains("\"device_id\"").contains("\"hostname\"");
        assertThat(KafkaTestConsumer.header(record, "ce_id")).isEqualTo(eventId.toString());
        assertThat(KafkaTestConsumer.header(record, "ce_type")).isEqualTo(TYPE);
        assertThat(KafkaTestConsumer.header(record, "ce_source")).isEqualTo("/opmas/common-test");
        assertThat(KafkaTestConsumer.header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(KafkaTestConsumer.header(record, "content-type")).isEqualTo("application/json");
        assertThat(Instant.parse(KafkaTestConsumer.header(record, "ce_time")))
                .isBetween(Instant.now().minusSeconds(60), Instant.now());
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsWithEventId(eventId) == 0);
    }

    @Test
    void aCommitWakesTheRelayLongBeforeItsNextPoll() throws Throwable {
        assertThat(config.pollInterval()).isGreaterThanOrEqualTo(Duration.ofSeconds(60));
        assertThat(config.notifyOnCommit()).isTrue();
        String key = "common-test-wake-" + UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(Topics.DEVICES, key, TYPE, "{\"woken\":true}")));
        assertThat(KafkaTestConsumer.allMatching(bootstrap, Topics.DEVICES,
                r -> key.equals(KafkaTestConsumer.text(r.key())), Duration.ofSeconds(10))).hasSize(1);
    }

    @Test
    void rolledBackEventIsNeitherKeptNorPublished() {
        String key = "common-test-rollback-" + UUID.randomUUID();
        UUID[] appended = new UUID[1];
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> outbox.append(Topics.DEVICES, key, TYPE, "{\"rolled\":\"back\"}")
                        .invoke(id -> appended[0] = id)
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("business failure"))))))
                .hasMessageContaining("business failure");

        assertThat(appended[0]).isNotNull();
        assertThat(rowsWithEventId(appended[0])).isZero();
        assertThat(KafkaTestConsumer.allMatching(bootstrap, Topics.DEVICES,
                r -> key.equals(KafkaTestConsumer.text(r.key())), Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void appendOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> outbox.append(Topics.DEVICES, "k", TYPE, "{}"))))
                .hasMessageContaining("@WithTransaction");
    }

    @Test
    void manyEventsKeepTheirOrderPerKey() throws Throwable {
        String key = "common-test-order-" + UUID.randomUUID();
        int count = 1200; // more than two batches
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < count; i++) {
                int n = i;
                chain = chain.chain(() -> outbox.append(Topics.DEVICES, key, TYPE, "{\"n\":" + n + "}")
                        .replaceWithVoid());
            }
            return chain;
        }));
        var records = KafkaTestConsumer.allMatching(bootstrap, Topics.DEVICES,
                r -> key.equals(KafkaTestConsumer.text(r.key())), Duration.ofSeconds(8));
        assertThat(records).hasSize(count);
        for (int i = 0; i < count; i++) {
            assertThat(KafkaTestConsumer.text(records.get(i).value())).isEqualTo("{\"n\": " + i + "}");
        }
    }
}
