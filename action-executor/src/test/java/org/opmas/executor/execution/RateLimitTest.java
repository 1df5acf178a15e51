package org.opmas.executor.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.ReceivedCommand;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.support.Fixtures;
import org.opmas.executor.support.Fixtures.ClientKey;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/**
 * The per-device rate limit (tests: 3 starts per 10 s window): actions beyond it wait, pending and
 * visible, and run when the window moves on — never failed or lost for it — while another device
 * runs at its own pace.
 */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class RateLimitTest {

    private static final int LIMIT = 3; // %test.opmas.executor.per-device-rate-limit
    private static final Duration WINDOW = Duration.ofSeconds(10); // %test.opmas.executor.rate-window

    private final List<SimulatedRouter> routers = new ArrayList<>();

    @AfterEach
    void stopRouters() {
        routers.forEach(SimulatedRouter::close);
    }

    private record Target(SimulatedRouter router, int deviceId) {
    }

    private Target target(String name) throws Exception {
        ClientKey key = Fixtures.ed25519();
        SimulatedRouter router = SimulatedRouter.builder(name).host(Fixtures.uniqueLoopback())
                .authorizedKey(key.publicKeyLine()).start();
        routers.add(router);
        return new Target(router, Fixtures.device(router.host(), router.port(), key,
                Map.of("host_key", router.hostKeyLine())));
    }

    @Test
    void actionsBeyondTheDeviceRateWaitForTheWindowAndOtherDevicesAreUnaffected() throws Exception {
        Target busy = target("rate-busy");
        Target other = target("rate-other");
        List<IntendedActionEvent> busyActions = new ArrayList<>();
        for (int i = 0; i < LIMIT + 2; i++) {
            busyActions.add(Fixtures.action(busy.deviceId(), "echo busy-" + i, 30, 0, false));
        }
        List<IntendedActionEvent> otherActions = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            otherActions.add(Fixtures.action(other.deviceId(), "echo other-" + i, 30, 0, false));
        }
        busyActions.forEach(Fixtures::publish);
        otherActions.forEach(Fixtures::publish);

        // The first LIMIT run now; the other device's actions run meanwhile, within its own rate.
        await().atMost(Duration.ofSeconds(20)).until(() -> busyActions.subList(0, LIMIT).stream()
                .allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId())))
                && otherActions.stream().allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId()))));
        // The rest wait: shown as rate limited, pending (not failed, not running), nothing sent yet.
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().get("/api/v1/executor").then().statusCode(200).extract()
                        .<Integer>path("rate_limited") >= 2);
        for (IntendedActionEvent waiting : busyActions.subList(LIMIT, LIMIT + 2)) {
            assertThat(Fixtures.status(waiting.actionId())).isEqualTo("pending");
        }
        assertThat(busy.router().receivedCommands()).hasSize(LIMIT);
        given().get("/api/v1/executor").then().statusCode(200).body("per_device_rate_limit", is(LIMIT));

        // ... and run once the window allows, in order, each exactly once.
        await().atMost(Duration.ofSeconds(30)).until(() -> busyActions.stream()
                .allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId()))));
        List<ReceivedCommand> received = busy.router().receivedCommands();
        assertThat(received).extracting(ReceivedCommand::command)
                .containsExactly("echo busy-0", "echo busy-1", "echo busy-2", "echo busy-3", "echo busy-4");
        // The 4th start needs the 1st to leave the window (the router sees it a little after the start).
        assertThat(Duration.between(received.get(0).receivedAt(), received.get(LIMIT).receivedAt()))
                .isGreaterThanOrEqualTo(WINDOW.minusSeconds(1));
        for (IntendedActionEvent a : busyActions) {
            assertThat(Fixtures.row(a.actionId()).attempts()).isEqualTo(1);
        }
        // The other device never waited for the busy one's window.
        Instant busyFourth = received.get(LIMIT).receivedAt();
        assertThat(other.router().receivedCommands()).hasSize(LIMIT)
                .allSatisfy(c -> assertThat(c.receivedAt()).isBefore(busyFourth));
    }
}
