package org.opmas.common.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.opmas.common.messaging.DeadLetterPublisher;
import org.opmas.common.messaging.DeadLetterReason;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.Topics;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class DeadLetterPublisherTest {

    @Inject
    DeadLetterPublisher deadLetters;

    @Inject
    MeterRegistry registry;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void rejectedRecordLandsOnTheDlqWithOriginalBytesAndReason() {
        String key = "dlq-" + UUID.randomUUID();
        byte[] value = "{not json".getBytes(StandardCharsets.UTF_8);
        ConsumerRecord<String, byte[]> original = new ConsumerRecord<>(Topics.FINDINGS, 1, 99L, key, value);
        original.headers().add("ce_id", "abc".getBytes(StandardCharsets.UTF_8));

        deadLetters.publish(original, DeadLetterReason.INVALID_JSON, "not JSON: unexpected end of input", null)
                .await().atMost(Duration.ofSeconds(30));

        ConsumerRecord<byte[], byte[]> dead = KafkaTestConsumer.awaitRecord(bootstrap, Topics.dlq(Topics.FINDINGS),
                r -> key.equals(KafkaTestConsumer.text(r.key())), Duration.ofSeconds(30));
        assertThat(dead.value()).isEqualTo(value);
        assertThat(KafkaTestConsumer.header(dead, "ce_id")).isEqualTo("abc");
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-reason")).isEqualTo("not JSON: unexpected end of input");
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-topic")).isEqualTo(Topics.FINDINGS);
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-partition")).isEqualTo("1");
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-offset")).isEqualTo("99");
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-service")).isEqualTo("common-test");
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-at")).isNotBlank();
        assertThat(KafkaTestConsumer.header(dead, "dead-letter-reason")).isEqualTo("not JSON: unexpected end of input");

        assertThat(registry.get("opmas.dead.letters").tag("topic", Topics.FINDINGS)
                .tag("reason_class", "invalid-json").counter().count()).isGreaterThanOrEqualTo(1.0);
    }
}
