package org.opmas.device.ingest.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.inject.Inject;

import net.jpountz.lz4.LZ4Factory;

import org.junit.jupiter.api.Test;
import org.opmas.common.messaging.Lz4NativeCodec;
import org.opmas.devkit.test.OpmasTestResource;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * device-service compresses every device log batch with lz4 (DeviceLogPublisher). Inside a Quarkus
 * application lz4-java does not try its native library on its own and falls back to its slowest
 * codec; {@link Lz4NativeCodec} loads the library at start.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class KafkaLz4CodecTest {

    @Inject
    Lz4NativeCodec codec;

    @Test
    void kafkasLz4CodecIsTheNativeOneInsideTheRunningService() {
        // what Kafka's Lz4BlockOutputStream and Lz4BlockInputStream ask for, per record batch
        assertThat(LZ4Factory.fastestInstance()).isSameAs(LZ4Factory.nativeInstance());
        assertThat(LZ4Factory.fastestInstance().fastCompressor().getClass().getSimpleName())
                .isEqualTo("LZ4JNICompressor");
        assertThat(codec.nativeLoaded()).isTrue();
    }
}
