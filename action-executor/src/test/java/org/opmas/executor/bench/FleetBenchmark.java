package org.opmas.executor.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SimulatedFleet;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.support.Fixtures;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * 1,000 simulated routers, one diagnostic action each, through the whole executor (Kafka in, claim,
 * SSH, result + outbox, Kafka out). Not part of the normal run (surefire only picks *Test); run:
 *
 * <pre>
 * ./mvnw -B -o -pl action-executor test -Dtest=FleetBenchmark \
 *     -DargLine="-D%test.opmas.executor.max-concurrency=64 -Dfleet.size=1000"
 * </pre>
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class FleetBenchmark {

    @Test
    void fleetOfRoutersOneDiagnosticEach() throws Exception {
        int size = Integer.getInteger("fleet.size", 1000);
        Fixtures.ClientKey key = Fixtures.ed25519();
        long t0 = System.nanoTime();
        try (SimulatedFleet fleet = SimulatedFleet.start("bench", size,
                List.of(SimulatedRouter.parsePublicKey(key.publicKeyLine())), 150)) {
            long fleetMs = (System.nanoTime() - t0) / 1_000_000;
            List<IntendedActionEvent> actions = new ArrayList<>(size);
            for (SimulatedRouter router : fleet.routers()) {
                int device = Fixtures.device(router.host(), router.port(), key, Map.of("host_key", router.hostKeyLine()));
                actions.add(Fixtures.action(device, "ubus call system info; free; df -h", 30, 1, false));
            }
            long start = System.nanoTime();
            actions.forEach(Fixtures::publish);
            int first = (int) actions.get(0).actionId();
            int last = (int) actions.get(actions.size() - 1).actionId();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                    .until(() -> finished(first, last) == size);
            long wallMs = (System.nanoTime() - start) / 1_000_000;
            long succeeded = count("SELECT count(*) FROM intended_actions WHERE id BETWEEN ? AND ? AND status = 'succeeded'",
                    first, last);
            System.out.printf("%nFLEET BENCHMARK: %d routers started in %d ms; %d actions (%d succeeded) in %d ms = %.1f actions/s; "
                    + "commands received %d; threads %d%n", size, fleetMs, size, succeeded, wallMs,
                    size * 1000.0 / wallMs, fleet.totalCommandsReceived(), Thread.activeCount());
            assertThat(succeeded).isEqualTo(size);
            assertThat(fleet.totalCommandsReceived()).isEqualTo(size);
        }
    }

    private static long finished(int first, int last) throws Exception {
        return count("SELECT count(*) FROM intended_actions WHERE id BETWEEN ? AND ?"
                + " AND status IN ('succeeded', 'failed', 'timed_out', 'skipped', 'cancelled')", first, last);
    }

    private static long count(String sql, int first, int last) throws Exception {
        try (Connection c = Fixtures.admin(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setInt(1, first);
            ps.setInt(2, last);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
