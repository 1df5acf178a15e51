package org.opmas.executor.execution.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.execution.ClaimedAction;
import org.opmas.executor.execution.ExecutionOutcome;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.repository.ExecutionRepository;
import org.opmas.executor.ssh.HostKeys;
import org.opmas.executor.support.Fixtures;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;

/**
 * The claim and the finish as single statements: the claim brings the device, its key and the
 * final-step answer with it; the finish records an outcome only while the claim holds, and always
 * drops the queue entry. No router is contacted here.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ResultRecorderTest {

    @Inject
    ExecutionRepository executions;

    @Inject
    ActionQueueRepository queue;

    @Inject
    ResultRecorder recorder;

    @Test
    void theClaimReadsTheDeviceItsActiveKeyAndWhetherALaterStepFollows() throws Throwable {
        Fixtures.ClientKey key = Fixtures.ed25519();
        String host = Fixtures.uniqueLoopback();
        int deviceId = Fixtures.device(host, 2222, key, Map.of("ssh_user", "admin"));
        IntendedActionEvent event = Fixtures.action(deviceId, "uptime", 10, 0, false);
        Fixtures.sql("INSERT INTO intended_actions (playbook_id, status, action_type, action_config, device_id, run_id,"
                + " step_number, dry_run, deadline_at) SELECT playbook_id, 'pending', action_type, action_config,"
                + " device_id, run_id, 2, dry_run, deadline_at FROM intended_actions WHERE id = ?", (int) event.actionId());

        Optional<ClaimedAction> claimed = VertxContextSupport.subscribeAndAwait(() -> executions.claim(event.actionId()));

        assertThat(claimed).isPresent();
        ClaimedAction action = claimed.get();
        assertThat(action.finalStep()).as("step 2 of the run is still to come").isFalse();
        assertThat(action.command()).isEqualTo("uptime");
        assertThat(action.device()).isNotNull();
        assertThat(action.device().deviceId()).isEqualTo(deviceId);
        assertThat(action.device().ip()).isEqualTo(host);
        assertThat(action.device().sshPort()).isEqualTo(2222);
        assertThat(action.device().sshUser()).isEqualTo("admin");
        assertThat(action.device().sealedKey()).isNotBlank();
        assertThat(action.device().keyFingerprint()).isEqualTo(HostKeys.fingerprint(key.publicKeyLine()));
        assertThat(action.device().recordedHostKey()).isNull();
        assertThat(Fixtures.status(event.actionId())).isEqualTo("running");

        Optional<ClaimedAction> again = VertxContextSupport.subscribeAndAwait(() -> executions.claim(event.actionId()));
        assertThat(again).as("a second claim of a running action").isEmpty();
    }

    @Test
    void aFinishWhoseClaimNoLongerHoldsRecordsNothingAndStillLeavesTheQueue() throws Throwable {
        IntendedActionEvent event = queuedAction();
        ClaimedAction action = claim(event);
        assertThat(action.finalStep()).as("the only step of its run").isTrue();
        // Meanwhile the stale sweep of another replica closed it.
        Fixtures.sql("UPDATE intended_actions SET status = 'failed', executed_at = now(),"
                + " result = '{\"error\":\"closed elsewhere\"}'::jsonb WHERE id = ?", (int) event.actionId());

        Boolean recorded = VertxContextSupport.subscribeAndAwait(() -> recorder.finish(action,
                new ExecutionOutcome(ActionStatus.SUCCEEDED, 0, "up\n", "", false, false, 1, null, false, "uptime")));

        assertThat(recorded).isFalse();
        Fixtures.Row row = Fixtures.row(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.error()).isEqualTo("closed elsewhere");
        assertThat(Fixtures.queryString("SELECT count(*) FROM executor_queue WHERE action_id = ?",
                (int) event.actionId())).isEqualTo("0");
    }

    @Test
    void aFinishWhileTheClaimHoldsRecordsTheOutcomeAndLeavesTheQueue() throws Throwable {
        IntendedActionEvent event = queuedAction();
        ClaimedAction action = claim(event);

        Boolean recorded = VertxContextSupport.subscribeAndAwait(() -> recorder.finish(action,
                new ExecutionOutcome(ActionStatus.FAILED, 3, "", "boom\n", false, false, 2, "exit 3", false, "uptime")));

        assertThat(recorded).isTrue();
        Fixtures.Row row = Fixtures.row(event.actionId());
        assertThat(row.status()).isEqualTo("failed");
        assertThat(row.attempts()).isEqualTo(2);
        assertThat(row.result().get("exit_code").asInt()).isEqualTo(3);
        assertThat(row.result().get("stderr").asText()).isEqualTo("boom\n");
        assertThat(Fixtures.queryString("SELECT count(*) FROM executor_queue WHERE action_id = ?",
                (int) event.actionId())).isEqualTo("0");
    }

    /** A ready one-step action of a new device, in the durable queue as the consumer leaves it. */
    private IntendedActionEvent queuedAction() throws Throwable {
        int deviceId = Fixtures.device(Fixtures.uniqueLoopback(), 2222, Fixtures.ed25519(), Map.of());
        IntendedActionEvent event = Fixtures.action(deviceId, "uptime", 10, 0, false);
        assertThat(VertxContextSupport.subscribeAndAwait(() -> queue.enqueue(event))).isTrue();
        return event;
    }

    private ClaimedAction claim(IntendedActionEvent event) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> executions.claim(event.actionId())).orElseThrow();
    }
}
