package org.opmas.executor.execution.service;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.crypto.SecretCipher;
import org.opmas.common.crypto.SecretDecryptionException;
import org.opmas.executor.config.ExecutorConfig;
import org.opmas.executor.control.service.KillSwitch;
import org.opmas.executor.device.DeviceConnection;
import org.opmas.executor.device.repository.DeviceConnectionRepository;
import org.opmas.executor.execution.ClaimedAction;
import org.opmas.executor.execution.ExecutionOutcome;
import org.opmas.executor.execution.repository.ActionQueueRepository;
import org.opmas.executor.execution.repository.ExecutionRepository;
import org.opmas.executor.ssh.SshClient;
import org.opmas.executor.ssh.SshOutcome;
import org.opmas.executor.ssh.SshTarget;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.IntendedActionEvent;

import com.fasterxml.jackson.databind.JsonNode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.logging.Log;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;

/**
 * Runs one intended action from claim to recorded outcome, on an SSH worker thread (it blocks: the
 * database calls are awaited on a Vert.x context, the SSH work is plain blocking I/O).
 *
 * <p>Claim (compare-and-set), then: past its deadline → skipped; dry run → succeeded without
 * contacting the router; otherwise take the device and its active key (read by the claiming
 * statement: no round trip of their own), decrypt the key in memory, and try up to 1 + retry_count
 * times — retrying only failures where nothing reached the router's shell (refused, reset, connect
 * timeout) or an exit status the step lists in {@code action_config.retry_on_exit_codes}, with
 * exponential backoff and full jitter.
 */
@ApplicationScoped
public class ActionProcessor {

    /** What became of one dispatched event. */
    public enum Disposition { DONE, NOT_CLAIMABLE, DEFERRED }

    private final ExecutionRepository executions;
    private final ActionQueueRepository queue;
    private final DeviceConnectionRepository devices;
    private final ResultRecorder recorder;
    private final SshClient ssh;
    private final SecretCipher cipher;
    private final KillSwitch killSwitch;
    private final ExecutorConfig config;
    private final MeterRegistry registry;
    private final Counter notClaimable;
    private final Counter retries;

    public ActionProcessor(ExecutionRepository executions, ActionQueueRepository queue,
            DeviceConnectionRepository devices, ResultRecorder recorder, SshClient ssh, SecretCipher cipher,
            KillSwitch killSwitch, ExecutorConfig config, MeterRegistry registry) {
        this.executions = executions;
        this.queue = queue;
        this.devices = devices;
        this.recorder = recorder;
        this.ssh = ssh;
        this.cipher = cipher;
        this.killSwitch = killSwitch;
        this.config = config;
        this.registry = registry;
        this.notClaimable = Counter.builder("opmas.executor.claims.skipped")
                .description("Intended actions not claimable when dispatched (already run, running elsewhere, "
                        + "cancelled, not ready)")
                .register(registry);
        this.retries = Counter.builder("opmas.executor.retries")
                .description("SSH attempts retried after a transient failure or a listed exit status")
                .register(registry);
    }

    public Disposition process(IntendedActionEvent event) {
        if (!killSwitch.isEnabled()) {
            return Disposition.DEFERRED;
        }
        Optional<ClaimedAction> claimed = await(() -> executions.claim(event.actionId()));
        if (claimed.isEmpty()) {
            notClaimable.increment();
            Log.debugf("Action %d is not claimable (already running or finished, cancelled, or not ready)",
                    event.actionId());
            await(() -> queue.remove(event.actionId()));
            return Disposition.NOT_CLAIMABLE;
        }
        ClaimedAction action = claimed.get();
        ExecutionOutcome outcome;
        try {
            outcome = execute(action, event);
        } catch (RuntimeException e) {
            Log.errorf(e, "Action %d failed unexpectedly", action.id());
            outcome = ExecutionOutcome.notRun(ActionStatus.FAILED, "executor error: " + e.getClass().getSimpleName(),
                    action.dryRun(), action.command());
        }
        ExecutionOutcome finalOutcome = outcome;
        await(() -> recorder.finish(action, finalOutcome));
        registry.counter("opmas.executor.actions", "status", outcome.status().wire()).increment();
        Timer.builder("opmas.executor.action.duration")
                .description("Claim to outcome of executed actions")
                .tag("status", outcome.status().wire())
                .register(registry)
                .record(Duration.between(action.startedAt(), Instant.now()));
        Log.infof("Action %d on device %d: %s%s (attempts %d)", action.id(), action.deviceId(), outcome.status(),
                outcome.exitCode() == null ? "" : ", exit " + outcome.exitCode(), outcome.attempts());
        return Disposition.DONE;
    }

    private ExecutionOutcome execute(ClaimedAction action, IntendedActionEvent event) {
        String command = action.command();
        boolean dryRun = action.dryRun() || event.dryRun();
        if (command == null || command.isBlank()) {
            return ExecutionOutcome.notRun(ActionStatus.FAILED, "action_config.command is missing", dryRun, "");
        }
        Instant deadline = action.deadlineAt() != null ? action.deadlineAt() : event.deadline();
        if (deadline != null && action.startedAt().isAfter(deadline)) {
            return ExecutionOutcome.notRun(ActionStatus.SKIPPED, "deadline " + deadline + " passed before it could start",
                    dryRun, command);
        }
        if (dryRun) {
            return ExecutionOutcome.notRun(ActionStatus.SUCCEEDED, null, true, command);
        }
        DeviceConnection device = action.device();
        if (device == null) {
            return ExecutionOutcome.notRun(ActionStatus.FAILED, "device " + action.deviceId() + " does not exist", false,
                    command);
        }
        if ("decommissioned".equals(device.status())) {
            return ExecutionOutcome.notRun(ActionStatus.FAILED, "device " + action.deviceId() + " is decommissioned",
                    false, command);
        }
        if (device.sealedKey() == null) {
            return ExecutionOutcome.notRun(ActionStatus.FAILED, "device " + action.deviceId() + " has no active SSH key",
                    false, command);
        }
        byte[] key;
        try {
            key = cipher.open(device.sealedKey(), "ssh_keys:device:" + action.deviceId());
        } catch (SecretDecryptionException e) {
            return ExecutionOutcome.notRun(ActionStatus.FAILED, "cannot decrypt the SSH key of device "
                    + action.deviceId() + ": " + e.getMessage(), false, command);
        }
        try {
            return attempts(action, event, device, key, command);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    private ExecutionOutcome attempts(ClaimedAction action, IntendedActionEvent event, DeviceConnection device,
            byte[] key, String command) {
        SshTarget target = new SshTarget(device.deviceId(), device.ip(), device.sshPort(), device.sshUser(), key,
                device.pinnedHostKey(), device.trustOnFirstUse());
        int timeoutSeconds = action.timeoutSeconds() != null ? action.timeoutSeconds() : event.timeoutSeconds();
        int retryCount = action.retryCount() != null ? action.retryCount() : event.retryCount();
        Duration stepTimeout = Duration.ofSeconds(Math.max(1, Math.min(3600, timeoutSeconds)));
        int maxAttempts = 1 + Math.max(0, Math.min(10, retryCount));
        Set<Integer> retryExitCodes = retryExitCodes(action.actionConfig());
        SshOutcome outcome = null;
        int attempt = 0;
        while (attempt < maxAttempts) {
            if (attempt > 0) {
                retries.increment();
                sleep(backoff(attempt));
                waitWhilePaused(action);
            }
            attempt++;
            outcome = ssh.run(target, command, stepTimeout);
            if (target.pinnedHostKey() == null && target.trustOnFirstUse() && outcome.presentedHostKey() != null
                    && handshakeCompleted(outcome.kind())) {
                String presented = outcome.presentedHostKey();
                boolean recorded = await(() -> devices.recordHostKey(device.deviceId(), presented));
                if (recorded) {
                    Log.infof("Device %d: host key %s pinned on first use", device.deviceId(),
                            org.opmas.executor.ssh.HostKeys.fingerprint(presented));
                }
                target = new SshTarget(target.deviceId(), target.host(), target.port(), target.user(), key, presented,
                        true);
            }
            boolean retryable = outcome.kind().isTransient()
                    || (outcome.kind() == SshOutcome.Kind.COMPLETED && outcome.exitCode() != 0
                            && retryExitCodes.contains(outcome.exitCode()));
            if (!retryable) {
                break;
            }
            if (attempt < maxAttempts) {
                Log.infof("Action %d attempt %d/%d: %s; retrying", action.id(), attempt, maxAttempts, outcome.error());
            }
        }
        ActionStatus status = switch (outcome.kind()) {
            case COMPLETED -> outcome.exitCode() == 0 ? ActionStatus.SUCCEEDED : ActionStatus.FAILED;
            case TIMED_OUT -> ActionStatus.TIMED_OUT;
            default -> ActionStatus.FAILED;
        };
        String error = outcome.error();
        if (outcome.kind() == SshOutcome.Kind.UNREACHABLE && attempt > 1) {
            error = error + " (after " + attempt + " attempts)";
        }
        return new ExecutionOutcome(status, outcome.exitCode(), outcome.stdout().text(), outcome.stderr().text(),
                outcome.stdout().truncated(), outcome.stderr().truncated(), attempt, error, false, command);
    }

    private static boolean handshakeCompleted(SshOutcome.Kind kind) {
        return kind == SshOutcome.Kind.COMPLETED || kind == SshOutcome.Kind.TIMED_OUT
                || kind == SshOutcome.Kind.CONNECTION_LOST;
    }

    /** Exponential backoff with full jitter in [d/2, d], d = base * 2^(retry-1), capped. */
    Duration backoff(int retry) {
        long base = config.retryBackoff().toMillis();
        long max = config.retryBackoffMax().toMillis();
        long d = Math.min(max, base << Math.min(20, retry - 1));
        return Duration.ofMillis(d / 2 + ThreadLocalRandom.current().nextLong(d / 2 + 1));
    }

    /** A claimed action pauses between attempts while the kill switch is off, and never sends meanwhile. */
    private void waitWhilePaused(ClaimedAction action) {
        boolean logged = false;
        while (!killSwitch.isEnabled()) {
            if (!logged) {
                Log.infof("Action %d waits for the executor to be resumed before its next attempt", action.id());
                logged = true;
            }
            sleep(Duration.ofMillis(200));
        }
    }

    private static Set<Integer> retryExitCodes(JsonNode actionConfig) {
        Set<Integer> codes = new HashSet<>();
        JsonNode list = actionConfig == null ? null : actionConfig.get("retry_on_exit_codes");
        if (list != null && list.isArray()) {
            list.forEach(n -> {
                if (n.canConvertToInt()) {
                    codes.add(n.asInt());
                }
            });
        }
        return codes;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Runs a reactive database call on a Vert.x context and waits for it on this worker thread. */
    static <T> T await(Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
