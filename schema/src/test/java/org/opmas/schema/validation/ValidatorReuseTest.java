package org.opmas.schema.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Samples;

/** Schemas are compiled once; validation is cheap, thread-safe and does not reload anything. */
class ValidatorReuseTest {

    @Test
    void validatingManyEventsDoesNotReloadSchemas() {
        EventValidator v = EventValidator.shared();
        int loads = EventValidator.schemaLoads();
        assertThat(loads).isPositive();
        byte[] good = EventJson.toBytes(Samples.of(CloudEvents.DEVICE_LOG_V1));
        var bad = Samples.of(CloudEvents.DEVICE_LOG_V1).put("severity", 9);
        int valid = 0;
        for (int i = 0; i < 100_000; i++) {
            if (v.validate(CloudEvents.DEVICE_LOG_V1, good).isValid()) {
                valid++;
            }
            if (i % 1000 == 0) {
                assertThat(v.validate(CloudEvents.DEVICE_LOG_V1, bad).isValid()).isFalse();
            }
        }
        assertThat(valid).isEqualTo(100_000);
        assertThat(EventValidator.schemaLoads()).isEqualTo(loads);
        assertThat(EventValidator.shared()).isSameAs(v);
    }

    @Test
    void oneValidatorLoadsEachSchemaFileOnce() {
        int before = EventValidator.schemaLoads();
        EventValidator fresh = new EventValidator();
        assertThat(EventValidator.schemaLoads() - before).isEqualTo(6);
        assertThat(fresh.eventTypes()).containsExactlyInAnyOrderElementsOf(CloudEvents.types().keySet());
    }

    @Test
    void concurrentValidationGivesConsistentResults() throws Exception {
        EventValidator v = EventValidator.shared();
        List<Samples.Sample> samples = Samples.all();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                futures.add(pool.submit(() -> {
                    int failures = 0;
                    for (int i = 0; i < 2_000; i++) {
                        Samples.Sample s = samples.get(i % samples.size());
                        if (!v.validate(s.eventType(), s.bytes()).isValid()) {
                            failures++;
                        }
                        var broken = s.tree().put("id", "x");
                        if (v.validate(s.eventType(), broken).isValid()) {
                            failures++;
                        }
                    }
                    return failures;
                }));
            }
            for (Future<Integer> f : futures) {
                assertThat(f.get()).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
