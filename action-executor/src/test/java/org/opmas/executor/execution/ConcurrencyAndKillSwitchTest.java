package org.opmas.executor.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opmas.common.config.RuntimeSettings;
import org.opmas.devkit.simulator.ReceivedCommand;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.control.service.KillSwitch;
import org.opmas.executor.support.Fixtures;
import org.opmas.executor.support.Fixtures.ClientKey;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/** One action at a time per device, the global limit (8 in tests), and the kill switch. */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ConcurrencyAndKillSwitchTest {

    private static final int MAX_CONCURRENCY = 8; // %test.opmas.executor.max-concurrency

    private final List<SimulatedRouter> routers = new ArrayList<>();

    @Inject
    RuntimeSettings settings;

    @AfterEach
    void cleanUp() {
        given().post("/api/v1/executor/resume").then().statusCode(200);
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
    void aSlowRouterRunsItsActionsOneAtATimeAndHoldsUpNoOtherDevice() throws Exception {
        Target slow = target("slow");
        slow.router().commandDelay(Duration.ofMillis(1500));
        List<IntendedActionEvent> slowActions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            slowActions.add(Fixtures.action(slow.deviceId(), "echo slow-" + i, 30, 0, false));
        }
        List<Target> fast = new ArrayList<>();
        List<IntendedActionEvent> fastActions = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Target t = target("fast-" + i);
            fast.add(t);
            fastActions.add(Fixtures.action(t.deviceId(), "uptime", 30, 0, false));
        }
        slowActions.forEach(Fixtures::publish);
        fastActions.forEach(Fixtures::publish);

        await().atMost(Duration.ofSeconds(40)).until(() -> slowActions.stream()
                .allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId()))));
        assertThat(fastActions).allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId())));
        assertThat(slow.router().maxConcurrentCommands()).isEqualTo(1);
        Instant secondSlowStart = Fixtures.row(slowActions.get(1).actionId()).startedAt();
        for (IntendedActionEvent a : fastActions) {
            assertThat(Fixtures.row(a.actionId()).executedAt()).isBefore(secondSlowStart);
        }
        // Strictly one after the other on the slow router, in publication order.
        assertThat(slow.router().receivedCommandTexts()).containsExactly("echo slow-0", "echo slow-1", "echo slow-2");
    }

    @Test
    void noMoreThanTheGlobalLimitRunAtOnce() throws Exception {
        List<Target> targets = new ArrayList<>();
        List<IntendedActionEvent> actions = new ArrayList<>();
        for (int i = 0; i < MAX_CONCURRENCY + 4; i++) {
            Target t = target("busy-" + i);
            t.router().commandDelay(Duration.ofMillis(2000));
            targets.add(t);
            actions.add(Fixtures.action(t.deviceId(), "df -h", 30, 0, false));
        }
        actions.forEach(Fixtures::publish);
        await().atMost(Duration.ofSeconds(60)).until(() -> actions.stream()
                .allMatch(a -> "succeeded".equals(Fixtures.status(a.actionId()))));

        List<Instant> received = targets.stream().flatMap(t -> t.router().receivedCommands().stream())
                .map(ReceivedCommand::receivedAt).sorted(Comparator.naturalOrder()).toList();
        assertThat(received).hasSize(MAX_CONCURRENCY + 4);
        // The 9th command can only arrive once one of the first 8 (each 2 s long) has finished.
        assertThat(Duration.between(received.get(0), received.get(MAX_CONCURRENCY)))
                .isGreaterThanOrEqualTo(Duration.ofMillis(1500));
    }

    @Test
    void whilePausedNothingIsSentAndNothingIsLost() throws Exception {
        Target t = target("paused");
        given().post("/api/v1/executor/pause").then().statusCode(200).body("enabled", is(false)).body("paused", is(true));
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "wifi reload", 10, 0, false);
        Fixtures.publish(event);

        await().atMost(Duration.ofSeconds(20)).until(() -> "1".equals(Fixtures.queryString(
                "SELECT count(*) FROM executor_queue WHERE action_id = ?", (int) event.actionId())));
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> t.router().connectionsAccepted() == 0 && "pending".equals(Fixtures.status(event.actionId())));
        assertThat(Fixtures.queryString("SELECT value::text FROM opmas_config WHERE key = 'executor.enabled'"))
                .isEqualTo("false");
        // Who pulled the switch is the token's subject (@TestSecurity user).
        assertThat(Fixtures.queryString("SELECT description FROM opmas_config WHERE key = 'executor.enabled'"))
                .contains("set to false by test-admin");
        given().get("/api/v1/executor").then().statusCode(200).body("paused", is(true));

        given().post("/api/v1/executor/resume").then().statusCode(200).body("enabled", is(true));
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(Fixtures.status(event.actionId())));
        assertThat(t.router().receivedCommandTexts()).containsExactly("wifi reload");
    }

    @Test
    void theKillSwitchSetInTheDatabaseAppliesWithoutTheApi() throws Exception {
        Target t = target("sql-paused");
        Fixtures.sql("INSERT INTO opmas_config (key, value) VALUES ('executor.enabled', 'false'::jsonb)"
                + " ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value");
        await().atMost(Duration.ofSeconds(10)).until(() -> !given().get("/api/v1/executor").then().extract()
                .<Boolean>path("enabled"));
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "ifstatus wan", 10, 0, false);
        Fixtures.publish(event);
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6))
                .until(() -> t.router().connectionsAccepted() == 0);

        Fixtures.sql("UPDATE opmas_config SET value = 'true'::jsonb WHERE key = 'executor.enabled'");
        await().atMost(Duration.ofSeconds(20)).until(() -> "succeeded".equals(Fixtures.status(event.actionId())));
    }

    @Test
    void aRestartedExecutorCountsAsPausedUntilItHasReadTheStoredSwitch() {
        // The settings of an executor that has just started, over the same database: nothing read yet.
        RuntimeSettings settingsAfterRestart = settings.unloaded();
        KillSwitch afterRestart = new KillSwitch(settingsAfterRestart);
        assertThat(afterRestart.isRead()).isFalse();
        assertThat(afterRestart.isEnabled()).as("before the stored switch is read").isFalse();

        given().post("/api/v1/executor/pause").then().statusCode(200);
        settingsAfterRestart.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(afterRestart.isRead()).isTrue();
        assertThat(afterRestart.isEnabled()).as("read, and stored as paused").isFalse();

        given().post("/api/v1/executor/resume").then().statusCode(200);
        settingsAfterRestart.refresh().await().atMost(Duration.ofSeconds(10));
        assertThat(afterRestart.isEnabled()).as("read, and stored as enabled").isTrue();
    }
}
