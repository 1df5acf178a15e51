package org.opmas.device.ingest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.opmas.device.ingest.IngestTestSupport.createDevice;
import static org.opmas.device.ingest.IngestTestSupport.keyed;
import static org.opmas.device.ingest.IngestTestSupport.randomHostname;
import static org.opmas.device.ingest.IngestTestSupport.randomLoopbackIp;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.device.ingest.IngestTestSupport.LogTopicReader;
import org.opmas.device.inventory.service.InMemoryDeviceDirectory;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.events.LogFormat;
import org.opmas.schema.validation.EventValidator;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;

@TestSecurity(user = "test-admin", roles = "admin")
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class HttpIngestTest {

    private static LogTopicReader topic;

    @Inject
    InMemoryDeviceDirectory directory;

    @BeforeAll
    static void openTopic() {
        topic = new LogTopicReader();
    }

    @AfterAll
    static void closeTopic() {
        topic.close();
    }

    private static List<DeviceLogEvent> events(int deviceId, int count) {
        return topic.await(keyed(deviceId), count).stream().map(r -> {
            var validation = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, r.value());
            assertThat(validation.errors()).isEmpty();
            return EventJson.fromTree(validation.payload(), DeviceLogEvent.class);
        }).toList();
    }

    @Test
    void jsonArrayOfLinesAndStructuredEventsIs202WithCounts() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("ap");
        int deviceId = createDevice(directory, host, ip, null);
        List<Object> body = List.of(
                Map.of("line", "<37>Nov 27 22:45:49 " + host + " dropbear[1]: Password auth succeeded for 'root'",
                        "source_ip", ip),
                Map.of("hostname", host, "message", "wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff", "program", "hostapd",
                        "severity", 6, "timestamp", "2026-11-27T22:45:49+01:00"),
                Map.of("line", "<13>Nov 27 22:45:49 x y: z", "source_ip", "not-an-ip"),
                Map.of("hostname", host, "message", "bad", "severity", 9),
                "just a string",
                Map.of("line", "<13>Nov 27 22:45:49 x y: z", "source_ip", randomLoopbackIp()));

        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(4))
                .body("errors", hasSize(4))
                .body("errors.find { it.index == 2 }.field", equalTo("source_ip"))
                .body("errors.find { it.index == 3 }.field", equalTo("severity"))
                .body("errors.find { it.index == 3 }.message", containsString("$.severity"))
                .body("errors.find { it.index == 4 }.message", startsWith("expected an object"))
                .body("errors.find { it.index == 5 }.message", startsWith("unknown source"));

        List<DeviceLogEvent> events = events(deviceId, 2);
        DeviceLogEvent line = events.stream().filter(e -> e.format() == LogFormat.RFC3164).findFirst().orElseThrow();
        assertThat(line.program()).isEqualTo("dropbear");
        assertThat(line.sourceIp()).isEqualTo(ip);
        DeviceLogEvent structured = events.stream().filter(e -> e.format() == LogFormat.JSON).findFirst().orElseThrow();
        assertThat(structured.deviceId()).isEqualTo(deviceId);
        assertThat(structured.program()).isEqualTo("hostapd");
        assertThat(structured.raw()).isEqualTo("wlan0: AP-STA-CONNECTED aa:bb:cc:dd:ee:ff");
        assertThat(structured.timestamp()).isEqualTo(Instant.parse("2026-11-27T21:45:49Z"));
    }

    @Test
    void ndjsonLinesWithABadLineInTheMiddle() throws Exception {
        String ip = randomLoopbackIp();
        String host = randomHostname("gw");
        int deviceId = createDevice(directory, host, ip, null);
        String body = "{\"line\": \"Thu Nov 27 22:45:49 2026 daemon.notice netifd: Interface 'wan' is now up\", \"source_ip\": \"" + ip + "\"}\n"
                + "{not json\n"
                + "\n"
                + "{\"line\": \"garbage from " + host + "\", \"source_ip\": \"" + ip + "\"}\n";

        given().contentType("application/x-ndjson").body(body.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(202)
                .body("accepted", equalTo(2))
                .body("rejected", equalTo(1))
                .body("errors[0].index", equalTo(1))
                .body("errors[0].field", equalTo("line"));

        List<DeviceLogEvent> events = events(deviceId, 2);
        assertThat(events).extracting(DeviceLogEvent::format).containsExactlyInAnyOrder(LogFormat.LOGREAD, LogFormat.UNPARSED);
    }

    @Test
    void bodyThatIsNotJsonIs400ProblemNamingTheBody() {
        given().contentType(ContentType.JSON).body("[{\"line\": ")
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors.field", hasItem("body"));
        given().contentType(ContentType.JSON).body("{\"line\": \"x\"}")
                .when().post("/api/v1/ingest/logs")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", containsString("JSON array"));
    }

    @Test
    void metricsShowCountsPerTransport() {
        given().contentType(ContentType.JSON).body(List.of(Map.of("line", "<13>Nov 27 22:45:49 x y: z")))
                .when().post("/api/v1/ingest/logs").then().statusCode(202);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        for (String transport : List.of("udp", "tcp", "http")) {
            for (String name : List.of("received", "parsed", "failed", "published")) {
                assertThat(metrics).contains("opmas_ingest_" + name + "_total{transport=\"" + transport + "\"}");
            }
            for (String reason : List.of("unknown_source", "oversized", "backpressure")) {
                assertThat(metrics).containsPattern("opmas_ingest_dropped_total\\{(reason=\"" + reason
                        + "\",transport=\"" + transport + "\"|transport=\"" + transport + "\",reason=\"" + reason + "\")\\}");
            }
        }
        assertThat(metrics).containsPattern("opmas_ingest_received_total\\{transport=\"http\"\\} [1-9]");
    }
}
