package org.opmas.executor.execution;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.simulator.SimulatedRouter;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.execution.service.ActionProcessor;
import org.opmas.executor.execution.service.ResultRecorder;
import org.opmas.executor.execution.service.Sweeper;
import org.opmas.executor.support.Fixtures;
import org.opmas.executor.support.Fixtures.ClientKey;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.IntendedActionEvent;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

/** The executor end to end: Kafka in, real SSH to the simulator, PostgreSQL and Kafka out. */
@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ExecutionFlowTest {

    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "timed_out", "cancelled", "skipped");

    @Inject
    ActionProcessor processor;

    @Inject
    Sweeper sweeper;

    private final List<SimulatedRouter> routers = new ArrayList<>();

    @AfterEach
    void stopRouters() {
        routers.forEach(SimulatedRouter::close);
    }

    private record Target(SimulatedRouter router, int deviceId) {
    }

    /** A simulated router and its device row; the host key is pinned unless the config says otherwise. */
    private Target target(Map<String, Object> config, boolean pinHostKey) throws Exception {
        ClientKey key = Fixtures.ed25519();
        SimulatedRouter router = SimulatedRouter.builder("ap-" + routers.size()).host(Fixtures.uniqueLoopback())
                .authorizedKey(key.publicKeyLine()).start();
        routers.add(router);
        Map<String, Object> all = new java.util.HashMap<>(config);
        if (pinHostKey) {
            all.put("host_key", router.hostKeyLine());
        }
        return new Target(router, Fixtures.device(router.host(), router.port(), key, all));
    }

    private Target target() throws Exception {
        return target(Map.of(), true);
    }

    private static Fixtures.Row awaitTerminal(long actionId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> TERMINAL.contains(Fixtures.status(actionId)));
        return Fixtures.row(actionId);
    }

    @Test
    void succeedsWithOutputExitCodeAndAResultEvent() throws Exception {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "uci set system.@system[0].hostname='edge-7' && "
                + "uci commit system && uci get system.@system[0].hostname", 10, 0, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.result().get("exit_code").asInt()).isZero();
        assertThat(row.result().get("stdout").asText()).isEqualTo("edge-7\n");
        assertThat(row.result().get("attempts").asInt()).isEqualTo(1);
        assertThat(row.result().get("dry_run").asBoolean()).isFalse();
        assertThat(row.executedAt()).isNotNull();
        assertThat(t.router().state().uci().getCommitted("system.cfg01e48a.hostname")).contains("edge-7");
        assertThat(t.router().receivedCommandTexts()).containsExactly(event.renderedCommand());

        List<ConsumerRecord<String, byte[]>> results = Fixtures.records(Topics.ACTIONS_RESULTS,
                Long.toString(t.deviceId()), 1, Duration.ofSeconds(20));
        assertThat(results).hasSize(1);
        ConsumerRecord<String, byte[]> record = results.get(0);
        assertThat(new String(record.headers().lastHeader(CloudEvents.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(CloudEvents.ACTION_RESULT_V1);
        assertThat(EventValidator.shared().validate(CloudEvents.ACTION_RESULT_V1, record.value()).errors()).isEmpty();
        ActionResultEvent result = EventJson.fromBytes(record.value(), ActionResultEvent.class);
        assertThat(result.actionId()).isEqualTo(event.actionId());
        assertThat(result.status()).isEqualTo(ActionStatus.SUCCEEDED);
        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout()).isEqualTo("edge-7\n");
        assertThat(result.command()).isEqualTo(event.renderedCommand());
        assertThat(result.runId()).isEqualTo(event.runId());
        assertThat(result.finalStep()).as("the only step of its run").isTrue();
        assertThat(Fixtures.queryString("SELECT count(*) FROM executor_queue WHERE action_id = ?",
                (int) event.actionId())).isEqualTo("0");
    }

    @Test
    void aResultSaysWhetherALaterStepOfTheRunFollows() throws Exception {
        Target t = target();
        IntendedActionEvent first = Fixtures.action(t.deviceId(), "logread -l 5", 10, 0, false);
        try (java.sql.Connection c = Fixtures.admin(); java.sql.PreparedStatement ps = c.prepareStatement(
                "INSERT INTO intended_actions (playbook_id, status, action_type, action_config, device_id, run_id,"
                        + " step_number, dry_run, deadline_at) SELECT playbook_id, 'pending', action_type, action_config,"
                        + " device_id, run_id, 2, dry_run, deadline_at FROM intended_actions WHERE id = ?")) {
            ps.setInt(1, (int) first.actionId());
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        Fixtures.publish(first);

        assertThat(awaitTerminal(first.actionId()).status()).isEqualTo("succeeded");
        List<ConsumerRecord<String, byte[]>> results = Fixtures.records(Topics.ACTIONS_RESULTS,
                Long.toString(t.deviceId()), 1, Duration.ofSeconds(20));
        ActionResultEvent result = EventJson.fromBytes(results.get(0).value(), ActionResultEvent.class);
        assertThat(result.actionId()).isEqualTo(first.actionId());
        assertThat(result.finalStep()).as("step 2 of the run is still to come").isFalse();
        assertThat(result.completesRun()).isFalse();
    }

    @Test
    void aNonZeroExitFailsAndIsNotRetried() throws Exception {
        Target t = target();
        t.router().failCommands(4, "Command failed: Not found\n");
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "ubus call network.interface.wan up", 10, 3, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.result().get("exit_code").asInt()).isEqualTo(4);
        assertThat(row.result().get("stderr").asText()).isEqualTo("Command failed: Not found\n");
        assertThat(row.result().get("attempts").asInt()).isEqualTo(1);
        assertThat(row.error()).contains("exited with status 4");
        assertThat(t.router().receivedCommands()).hasSize(1);
    }

    @Test
    void anExitCodeTheStepListsIsRetried() throws Exception {
        Target t = target();
        t.router().failCommands(75, "busy\n");
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "wifi reload", 10, 3, false, "pending", true,
                Map.of("retry_on_exit_codes", List.of(75)));
        CompletableFuture.runAsync(() -> {
            await().atMost(Duration.ofSeconds(20)).until(() -> t.router().receivedCommands().size() >= 2);
            t.router().behave();
        });
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.result().get("attempts").asInt()).isBetween(2, 4);
        assertThat(t.router().state().wifiReloads()).isEqualTo(1);
    }

    @Test
    void aSlowBannerHitsTheConnectTimeoutAndNothingIsSent() throws Exception {
        Target t = target();
        t.router().bannerDelay(Duration.ofSeconds(60));
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "reboot", 10, 0, false);
        Instant start = Instant.now();
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).contains("connect timeout");
        assertThat(row.result().get("exit_code").isNull()).isTrue();
        assertThat(Duration.between(start, row.executedAt())).isLessThan(Duration.ofSeconds(15));
        assertThat(t.router().receivedCommands()).isEmpty();
        assertThat(t.router().state().reboots()).isZero();
    }

    @Test
    void aHangingCommandTimesOutAndTheChannelIsClosed() throws Exception {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "echo started; sleep 60; echo never", 1, 2, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("timed_out");
        assertThat(row.result().get("exit_code").isNull()).isTrue();
        assertThat(row.result().get("stdout").asText()).isEqualTo("started\n");
        assertThat(row.result().get("attempts").asInt()).isEqualTo(1);
        assertThat(row.error()).contains("step timeout");
        long durationMs = row.result().get("duration_ms").asLong();
        assertThat(durationMs).isBetween(900L, 10_000L);
        assertThat(t.router().receivedCommands()).hasSize(1);
    }

    @Test
    void aRefusedConnectionIsRetriedWithBackoffUntilTheRouterAnswers() throws Exception {
        Target t = target();
        t.router().refuseConnections();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "ifup wan", 10, 6, false);
        Fixtures.publish(event);
        await().atMost(Duration.ofSeconds(20)).until(() -> Fixtures.status(event.actionId()).equals("running"));
        CompletableFuture.delayedExecutor(1200, java.util.concurrent.TimeUnit.MILLISECONDS)
                .execute(() -> t.router().start());

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.result().get("attempts").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(t.router().receivedCommandTexts()).containsExactly("ifup wan");
    }

    @Test
    void aDroppedConnectionMidCommandFailsWithoutRetry() throws Exception {
        Target t = target();
        t.router().dropConnectionMidCommand(true);
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "logread -l 50", 10, 3, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).contains("connection lost");
        assertThat(t.router().receivedCommands()).hasSize(1);
    }

    @Test
    void trustOnFirstUseRecordsTheHostKeyAndPinsIt() throws Exception {
        Target t = target(Map.of("trust_on_first_use", true), false);
        IntendedActionEvent first = Fixtures.action(t.deviceId(), "uptime", 10, 0, false);
        Fixtures.publish(first);
        assertThat(awaitTerminal(first.actionId()).status()).isEqualTo("succeeded");
        assertThat(Fixtures.queryString("SELECT host_key FROM device_host_keys WHERE device_id = ?", t.deviceId()))
                .isEqualTo(t.router().hostKeyLine());

        // Same address and port, another host key: the recorded pin now refuses it.
        SimulatedRouter impostor = SimulatedRouter.builder("impostor").host(t.router().host())
                .port(t.router().port()).build();
        t.router().close();
        impostor.start();
        routers.add(impostor);
        IntendedActionEvent second = Fixtures.action(t.deviceId(), "reboot", 10, 2, false);
        Fixtures.publish(second);
        Fixtures.Row row = awaitTerminal(second.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).contains("host key mismatch").contains("not sent");
        assertThat(impostor.receivedCommands()).isEmpty();
    }

    @Test
    void aHostKeyMismatchNeverSendsTheCommand() throws Exception {
        String otherKey = SimulatedRouter.builder("other").build().hostKeyLine();
        Target t = target(Map.of("host_key", otherKey), false);
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "uci set network.wan.proto='static' && uci commit",
                10, 3, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).contains("host key mismatch");
        assertThat(row.result().get("attempts").asInt()).isEqualTo(1);
        assertThat(t.router().receivedCommands()).isEmpty();
        assertThat(t.router().state().uci().getCommitted("network.wan.proto")).contains("dhcp");
    }

    @Test
    void withoutAPinOrTrustOnFirstUseNothingIsSent() throws Exception {
        Target t = target(Map.of(), false);
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "reboot", 10, 0, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).contains("no host key pinned");
        assertThat(t.router().receivedCommands()).isEmpty();
    }

    @Test
    void outputIsCappedAndMarkedTruncated() throws Exception {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "seq 1 200000", 20, 0, false);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.result().get("stdout_truncated").asBoolean()).isTrue();
        assertThat(row.result().get("stderr_truncated").asBoolean()).isFalse();
        String stdout = row.result().get("stdout").asText();
        assertThat(stdout.length()).isLessThanOrEqualTo(ActionResultEvent.MAX_OUTPUT_WITH_MARKER);
        assertThat(stdout).startsWith("1\n2\n3\n");
    }

    @Test
    void aDryRunRecordsTheCommandAndSendsNothing() throws Exception {
        Target t = target();
        String command = "uci add_list wireless.default_radio0.maclist='3c:22:fb:12:34:56' && uci commit wireless && wifi reload";
        IntendedActionEvent event = Fixtures.action(t.deviceId(), command, 10, 0, true);
        Fixtures.publish(event);

        Fixtures.Row row = awaitTerminal(event.actionId());
        assertThat(row.status()).isEqualTo("succeeded");
        assertThat(row.result().get("dry_run").asBoolean()).isTrue();
        assertThat(row.result().get("command").asText()).isEqualTo(command);
        assertThat(row.result().get("attempts").asInt()).isZero();
        assertThat(t.router().connectionsAccepted()).isZero();
        assertThat(t.router().receivedCommands()).isEmpty();
    }

    @Test
    void aRedeliveredEventRunsOnce() throws Exception {
        Target t = target();
        t.router().commandDelay(Duration.ofMillis(500));
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "/etc/init.d/dnsmasq restart", 10, 0, false);
        Fixtures.publish(event);
        Fixtures.publish(event);
        awaitTerminal(event.actionId());
        Fixtures.publish(event);
        // The late copy is queued, found not claimable, and dropped from the queue without running.
        await().atMost(Duration.ofSeconds(20)).pollDelay(Duration.ofSeconds(2)).until(() -> "0".equals(
                Fixtures.queryString("SELECT count(*) FROM executor_queue WHERE action_id = ?", (int) event.actionId())));
        assertThat(skippedClaims()).isGreaterThanOrEqualTo(1.0);

        assertThat(Fixtures.status(event.actionId())).isEqualTo("succeeded");
        assertThat(t.router().receivedCommands()).hasSize(1);
        assertThat(t.router().state().serviceActions("dnsmasq")).isEqualTo(1);
    }

    @Test
    void twoClaimersAtOnceRunTheActionOnce() throws Exception {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "/etc/init.d/firewall restart", 10, 0, false);
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<ActionProcessor.Disposition>> claimers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            claimers.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return processor.process(event);
            }));
        }
        go.countDown();
        List<ActionProcessor.Disposition> dispositions = claimers.stream().map(CompletableFuture::join).toList();

        assertThat(dispositions).containsExactlyInAnyOrder(ActionProcessor.Disposition.DONE,
                ActionProcessor.Disposition.NOT_CLAIMABLE);
        assertThat(t.router().receivedCommands()).hasSize(1);
        assertThat(Fixtures.status(event.actionId())).isEqualTo("succeeded");
    }

    @Test
    void staleRunningActionsAreClosedAsFailedWithAResultEvent() throws Throwable {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "wifi reload", 10, 0, false);
        Fixtures.sql("UPDATE intended_actions SET status = 'running', started_at = now() - interval '3 hours',"
                + " deadline_at = now() - interval '3 hours', attempts = 1 WHERE id = ?", (int) event.actionId());
        Fixtures.Row fresh = Fixtures.row(event.actionId());
        assertThat(fresh.status()).isEqualTo("running");

        Integer closed = io.quarkus.vertx.VertxContextSupport.subscribeAndAwait(sweeper::recoverStale);

        assertThat(closed).isGreaterThanOrEqualTo(1);
        Fixtures.Row row = Fixtures.row(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).isEqualTo(ResultRecorder.STALE_REASON);
        List<ConsumerRecord<String, byte[]>> results = Fixtures.records(Topics.ACTIONS_RESULTS,
                Long.toString(t.deviceId()), 1, Duration.ofSeconds(20));
        assertThat(results).extracting(r -> EventJson.fromBytes(r.value(), ActionResultEvent.class).error())
                .containsExactly(ResultRecorder.STALE_REASON);
        assertThat(t.router().receivedCommands()).isEmpty();
    }

    @Test
    void aQueuedActionCanBeCancelledButNotTwice() throws Exception {
        Target t = target();
        IntendedActionEvent waiting = Fixtures.action(t.deviceId(), "reboot", 10, 0, false, "awaiting_approval", false,
                null);
        given().post("/api/v1/executions/{id}/cancel", waiting.actionId())
                .then().statusCode(200)
                .body("status", is("cancelled"))
                .body("result.error", is("cancelled by an operator before it ran"));
        given().post("/api/v1/executions/{id}/cancel", waiting.actionId())
                .then().statusCode(409).contentType("application/problem+json");
        given().post("/api/v1/executions/{id}/cancel", 999_999_999)
                .then().statusCode(404).contentType("application/problem+json");
        assertThat(Fixtures.status(waiting.actionId())).isEqualTo("cancelled");
        // A late event for it is not claimable: nothing runs.
        Fixtures.publish(waiting);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> t.router().receivedCommands().isEmpty());
    }

    @Test
    void executionsAreListedFilteredAndShownWithTheirResult() throws Exception {
        Target t = target();
        IntendedActionEvent event = Fixtures.action(t.deviceId(), "free", 10, 0, false);
        Fixtures.publish(event);
        awaitTerminal(event.actionId());

        given().queryParam("device_id", t.deviceId()).queryParam("status", "succeeded")
                .get("/api/v1/executions")
                .then().statusCode(200)
                .body("total", is(1))
                .body("items[0].id", is((int) event.actionId()))
                .body("items[0].device_id", is(t.deviceId()))
                .body("items[0].exit_code", is(0))
                .body("items[0].command", is("free"))
                .body("items[0].result", org.hamcrest.Matchers.nullValue());
        given().get("/api/v1/executions/{id}", event.actionId())
                .then().statusCode(200)
                .body("result.stdout", org.hamcrest.Matchers.containsString("Mem:"));
        given().queryParam("status", "bogus").get("/api/v1/executions")
                .then().statusCode(400).contentType("application/problem+json");
        given().queryParam("sort", "command,asc").get("/api/v1/executions")
                .then().statusCode(400);
        given().get("/api/v1/executions/{id}", 999_999_999).then().statusCode(404);
    }

    @Test
    void anInvalidEventGoesToTheDeadLetterTopic() {
        String key = "dlq-" + java.util.UUID.randomUUID();
        Fixtures.publishRaw(Topics.ACTIONS_INTENDED, key, "{\"action_id\": \"not a number\"}".getBytes(StandardCharsets.UTF_8),
                CloudEvents.ACTION_INTENDED_V1, java.util.UUID.randomUUID().toString());
        List<ConsumerRecord<String, byte[]>> dead = Fixtures.records(Topics.dlq(Topics.ACTIONS_INTENDED), key, 1,
                Duration.ofSeconds(20));
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).headers().lastHeader(Topics.DlqHeaders.REASON)).isNotNull();
    }

    private static double skippedClaims() {
        String body = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return body.lines().filter(l -> l.startsWith("opmas_executor_claims_skipped_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
