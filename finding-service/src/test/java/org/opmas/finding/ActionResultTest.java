package org.opmas.finding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.opmas.finding.support.TestFleet.actionResult;
import static org.opmas.finding.support.TestFleet.awaitFinding;
import static org.opmas.finding.support.TestFleet.count;
import static org.opmas.finding.support.TestFleet.detection;
import static org.opmas.finding.support.TestFleet.newDevice;
import static org.opmas.finding.support.TestFleet.send;
import static org.opmas.finding.support.TestFleet.text;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.finding.support.TestFleet;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionResultEvent;
import org.opmas.schema.events.ActionStatus;
import org.opmas.schema.events.Severity;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class ActionResultTest {

    private static long finding(long device, String fp, Integer verifySeconds) {
        var details = EventJson.mapper().createObjectNode().put("source_ip", "192.0.2.9");
        if (verifySeconds != null) {
            details.put("verify_seconds", verifySeconds);
        }
        send(detection(device, fp, Severity.WARNING, details, "test " + fp));
        TestFleet.flush();
        return awaitFinding(fp);
    }

    private static String status(long id) {
        return text("SELECT status FROM findings WHERE id = ?", (int) id);
    }

    @Test
    void aSucceededPlaybookResolvesTheFindingOnceAndFailuresAreOnlyRecorded() {
        long device = newDevice();
        long id = finding(device, "test:act:" + UUID.randomUUID(), null);

        send(actionResult(id, device, ActionStatus.FAILED));
        ActionResultEvent success = actionResult(id, device, ActionStatus.SUCCEEDED);
        send(success);
        send(success); // redelivered: recorded once
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> "resolved".equals(status(id)));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> count("SELECT count(*) FROM finding_actions WHERE finding_id = ?", (int) id) == 2);
        given().when().get("/api/v1/findings/" + id).then().statusCode(200)
                .body("status", is("resolved")).body("resolved_by", is("playbook:3"))
                .body("resolution_reason", containsString("run " + success.runId()))
                .body("actions_count", is(2)).body("last_action_status", is("succeeded"));
        assertThat(count("SELECT count(*) FROM finding_open_fingerprints WHERE finding_id = ?", (int) id)).isZero();
    }

    @Test
    void anEarlierStepSucceedingDoesNotResolveOnlyTheRunsLastStepDoes() {
        long device = newDevice();
        long id = finding(device, "test:steps:" + UUID.randomUUID(), null);
        ActionResultEvent template = actionResult(id, device, ActionStatus.SUCCEEDED);
        ActionResultEvent diagnostics = withStep(template, 1, false);
        ActionResultEvent remedy = withStep(template, 2, true);

        send(diagnostics);
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> count("SELECT count(*) FROM finding_actions WHERE finding_id = ?", (int) id) == 1);
        assertThat(status(id)).isEqualTo("new");

        send(remedy);
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30)).until(() -> "resolved".equals(status(id)));
        given().when().get("/api/v1/findings/" + id).then().statusCode(200)
                .body("resolution_reason", containsString("step 2")).body("actions_count", is(2));
    }

    private static ActionResultEvent withStep(ActionResultEvent r, int step, boolean finalStep) {
        return new ActionResultEvent(UUID.randomUUID(), r.actionId() + step, r.findingId(), r.playbookId(), r.runId(),
                step, r.deviceId(), r.status(), r.exitCode(), r.stdout(), r.stderr(), r.stdoutTruncated(),
                r.stderrTruncated(), r.attempts(), r.startedAt(), r.finishedAt(), r.durationMs(), r.error(), r.dryRun(),
                r.command(), finalStep);
    }

    @Test
    void verificationResolvesWhenTheRuleStaysQuiet() {
        long device = newDevice();
        long id = finding(device, "test:quiet:" + UUID.randomUUID(), 2);
        send(actionResult(id, device, ActionStatus.SUCCEEDED));
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> text("SELECT verification_state FROM findings WHERE id = ?", (int) id) != null);
        assertThat(status(id)).isIn("new", "resolved");
        await().atMost(Duration.ofSeconds(30)).until(() -> "resolved".equals(status(id)));
        given().when().get("/api/v1/findings/" + id).then()
                .body("verification_state", is("passed")).body("resolved_by", is("finding-service:verification"));
    }

    @Test
    void aRepeatDetectionDuringVerificationEscalatesInsteadOfResolving() {
        long device = newDevice();
        String fp = "test:repeat:" + UUID.randomUUID();
        long id = finding(device, fp, 120);
        send(actionResult(id, device, ActionStatus.SUCCEEDED));
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "pending".equals(text("SELECT verification_state FROM findings WHERE id = ?", (int) id)));
        send(detection(device, fp));
        TestFleet.flush();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> "failed".equals(text("SELECT verification_state FROM findings WHERE id = ?", (int) id)));
        given().when().get("/api/v1/findings/" + id).then()
                .body("status", is("new")).body("severity", is("error")).body("escalation_count", is(1))
                .body("occurrence_count", is(2));
        assertThat(count("SELECT count(*) FROM findings WHERE fingerprint = ?", fp)).isEqualTo(1);
    }
}
