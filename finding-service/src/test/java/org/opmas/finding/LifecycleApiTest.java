package org.opmas.finding;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.opmas.finding.support.TestFleet.awaitFinding;
import static org.opmas.finding.support.TestFleet.detection;
import static org.opmas.finding.support.TestFleet.newDevice;
import static org.opmas.finding.support.TestFleet.send;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.finding.support.TestFleet;
import org.opmas.schema.EventJson;
import org.opmas.schema.Topics;
import org.opmas.schema.events.FindingEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class LifecycleApiTest {

    private static long newFinding(long device, String fp) {
        send(detection(device, fp));
        TestFleet.flush();
        return awaitFinding(fp);
    }

    private static io.restassured.response.ValidatableResponse post(long id, String transition, String body) {
        return given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/findings/" + id + "/" + transition).then();
    }

    @Test
    void lifecycleIsEnforcedRecordedAndPublished() {
        long device = newDevice();
        String fp = "test:life:" + UUID.randomUUID();
        KafkaConsumer<String, byte[]> events = TestFleet.consumer(Topics.FINDINGS);
        long id = newFinding(device, fp);

        given().when().get("/api/v1/findings/" + id).then().statusCode(200)
                .body("status", is("new")).body("fingerprint", is(fp)).body("occurrence_count", is(1))
                .body("device_id", is((int) device)).body("details.source_ip", is("192.0.2.7"));

        // The actor is the token's subject (@TestSecurity user), never a name in the body.
        post(id, "acknowledge", "{\"reason\":\"looking\"}").statusCode(200)
                .body("status", is("acknowledged")).body("acknowledged_by", is("test-admin"));
        // acknowledged → acknowledged is illegal: 409 naming current and requested status
        post(id, "acknowledge", "{}").statusCode(409)
                .contentType(containsString("application/problem+json"))
                .body("detail", containsString("its status is acknowledged"))
                .body("detail", containsString("requested acknowledged"))
                .body("errors[0].field", is("status"));
        post(id, "resolve", "{\"reason\":\"rebooted\"}").statusCode(200)
                .body("status", is("resolved")).body("resolved_by", is("test-admin")).body("resolution_reason", is("rebooted"));
        post(id, "false-positive", "{}").statusCode(409).body("detail", containsString("its status is resolved"));
        post(id, "reopen", "{}").statusCode(200).body("status", is("new")).body("resolved_at", nullValue());
        post(id, "false-positive", "{\"reason\":\"lab router\"}").statusCode(200)
                .body("status", is("false_positive")).body("resolved_by", is("test-admin"));

        given().when().get("/api/v1/findings/" + id + "/transitions").then().statusCode(200)
                .body("transition", org.hamcrest.Matchers.contains("detected", "acknowledge", "resolve", "reopen",
                        "false_positive"))
                .body("[1].actor", is("test-admin")).body("[1].reason", is("looking"))
                .body("[2].from_status", is("acknowledged")).body("[2].to_status", is("resolved"));

        post(999_999_999L, "acknowledge", "{}").statusCode(404);
        given().contentType(ContentType.JSON).body("{\"reason\":\"" + "x".repeat(4097) + "\"}")
                .when().post("/api/v1/findings/" + id + "/reopen").then().statusCode(400)
                .body("errors.field", hasItem(containsString("reason")));

        // Every change went out through the outbox, keyed by the device.
        List<FindingEvent> seen = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, byte[]> r : TestFleet.poll(events)) {
                FindingEvent e = EventJson.fromBytes(r.value(), FindingEvent.class);
                if (e.finding().id() == id) {
                    assertThat(r.key()).isEqualTo(Long.toString(device));
                    seen.add(e);
                }
            }
            return seen.size() >= 5;
        });
        events.close();
        assertThat(seen).extracting(FindingEvent::type).containsExactly(FindingEvent.Type.CREATED,
                FindingEvent.Type.STATUS_CHANGED, FindingEvent.Type.RESOLVED, FindingEvent.Type.STATUS_CHANGED,
                FindingEvent.Type.STATUS_CHANGED);
        assertThat(seen.get(2).previousStatus().wire()).isEqualTo("acknowledged");
    }

    @Test
    void aDetectionAfterResolutionOpensANewFindingAndTheOldOneCannotBeReopened() {
        long device = newDevice();
        String fp = "test:after:" + UUID.randomUUID();
        long first = newFinding(device, fp);
        post(first, "resolve", "{}").statusCode(200);

        send(detection(device, fp));
        TestFleet.flush();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> TestFleet.count("SELECT count(*) FROM findings WHERE fingerprint = ?", fp) == 2);
        long second = TestFleet.count("SELECT max(id) FROM findings WHERE fingerprint = ?", fp);
        assertThat(second).isNotEqualTo(first);
        given().when().get("/api/v1/findings/" + first).then().body("status", is("resolved"))
                .body("occurrence_count", is(1));
        given().when().get("/api/v1/findings/" + second).then().body("status", is("new"));
        post(first, "reopen", "{}").statusCode(409).body("detail", containsString("already open"));
    }
}
