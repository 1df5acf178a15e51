package org.opmas.device.ingest.service;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.common.rest.BadRequestProblem;
import org.opmas.device.ingest.config.IngestConfig;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * HTTP batch ingest: a JSON array or NDJSON of items, each either a raw syslog line
 * {@code {"line": "...", "source_ip": "..."}} or a structured DeviceLogEvent (id, received_at,
 * timestamp, format and raw may be left out and are filled in). A bad item is rejected and
 * listed; the others still go through. A body that is not JSON at all is a 400.
 */
@ApplicationScoped
public class HttpBatchIngestor {

    /** At most this many item errors are listed in a response; the count is always complete. */
    static final int MAX_LISTED_ERRORS = 100;

    private final LogIngestor ingestor;
    private final IngestMetrics metrics;
    private final int maxItems;

    public HttpBatchIngestor(LogIngestor ingestor, IngestMetrics metrics, IngestConfig config) {
        this.ingestor = ingestor;
        this.metrics = metrics;
        this.maxItems = config.http().maxItems();
    }

    public record ItemError(int index, String field, String message) {
    }

    /** Counts of one request; {@code errors} lists the first rejected items by their 0-based index. */
    public record BatchResult(int accepted, int rejected, List<ItemError> errors) {
    }

    /** A JSON array of items. */
    public BatchResult ingestArray(byte[] body) {
        JsonNode root;
        try {
            root = EventJson.readTree(body == null ? new byte[0] : body);
        } catch (JsonProcessingException e) {
            throw new BadRequestProblem("The body is not valid JSON: " + e.getOriginalMessage(), "body");
        } catch (IOException e) {
            throw new BadRequestProblem("The body could not be read", "body");
        }
        if (root == null || root.isMissingNode() || !root.isArray()) {
            throw new BadRequestProblem("Expected a JSON array of log items (or application/x-ndjson)", "body");
        }
        checkSize(root.size());
        Batch batch = new Batch(Instant.now());
        for (int i = 0; i < root.size(); i++) {
            batch.item(i, root.get(i));
        }
        return batch.result();
    }

    /** One JSON item per line; an unparseable line is a rejected item, not a failed request. */
    public BatchResult ingestNdjson(byte[] body) {
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        int length = body == null ? 0 : body.length;
        for (int i = 0; i <= length; i++) {
            if (i == length || body[i] == '\n') {
                if (!blank(body, start, i)) {
                    lines.add(new int[] {start, i});
                }
                start = i + 1;
            }
        }
        checkSize(lines.size());
        Batch batch = new Batch(Instant.now());
        for (int index = 0; index < lines.size(); index++) {
            int[] range = lines.get(index);
            JsonNode node;
            try {
                node = EventJson.mapper().readTree(body, range[0], range[1] - range[0]);
            } catch (IOException e) {
                batch.reject(index, "line", "not valid JSON: " + (e instanceof JsonProcessingException j
                        ? j.getOriginalMessage() : e.getMessage()));
                continue;
            }
            batch.item(index, node);
        }
        return batch.result();
    }

    private void checkSize(int size) {
        if (size > maxItems) {
            throw new BadRequestProblem("At most " + maxItems + " items per request, got " + size, "body");
        }
    }

    private static boolean blank(byte[] body, int from, int to) {
        for (int i = from; i < to; i++) {
            if (body[i] != ' ' && body[i] != '\r' && body[i] != '\t') {
                return false;
            }
        }
        return true;
    }

    private final class Batch {
        private final Instant receivedAt;
        private final List<ItemError> errors = new ArrayList<>();
        private int accepted;
        private int rejected;

        Batch(Instant receivedAt) {
            this.receivedAt = receivedAt;
        }

        void item(int index, JsonNode item) {
            if (item == null || !item.isObject()) {
                reject(index, null, "expected an object: {\"line\": ..., \"source_ip\": ...} or a device log event");
                return;
            }
            LogIngestor.Outcome outcome = item.has("line") ? line(index, (ObjectNode) item)
                    : structured(index, (ObjectNode) item);
            if (outcome == null) {
                return;
            }
            switch (outcome) {
                case ACCEPTED -> accepted++;
                case DROPPED_UNKNOWN_SOURCE -> addError(index, null,
                        "unknown source: no device has this source_ip or hostname (unknown-source policy: drop)");
                case DROPPED_BACKPRESSURE -> addError(index, null, "overloaded: Kafka is behind, retry later");
            }
        }

        private LogIngestor.Outcome line(int index, ObjectNode item) {
            JsonNode line = item.get("line");
            if (!line.isTextual() || line.asText().isBlank()) {
                reject(index, "line", "must be a non-empty string");
                return null;
            }
            JsonNode sourceIp = item.get("source_ip");
            String ip = null;
            if (sourceIp != null && !sourceIp.isNull()) {
                if (!sourceIp.isTextual() || !isIpLiteral(sourceIp.asText())) {
                    reject(index, "source_ip", "must be an IPv4 or IPv6 address");
                    return null;
                }
                ip = sourceIp.asText();
            }
            return ingestor.ingestLine(Transport.HTTP, stripNewline(line.asText()), ip, receivedAt);
        }

        private LogIngestor.Outcome structured(int index, ObjectNode item) {
            if (!item.hasNonNull("id")) {
                item.put("id", LogIngestor.randomId().toString());
            }
            if (!item.hasNonNull("received_at")) {
                item.put("received_at", receivedAt.toString());
            }
            if (!item.hasNonNull("timestamp")) {
                item.set("timestamp", item.get("received_at"));
            }
            if (!item.hasNonNull("format")) {
                item.put("format", "json");
            }
            if (!item.hasNonNull("raw") && item.hasNonNull("message")) {
                item.set("raw", item.get("message"));
            }
            ValidationResult validation = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, item);
            if (!validation.isValid()) {
                String first = validation.errors().get(0);
                int colon = first.indexOf(": ");
                String field = first.startsWith("$.") && colon > 2 ? first.substring(2, colon) : null;
                reject(index, field, validation.summary(1024));
                return null;
            }
            return ingestor.ingestEvent(Transport.HTTP, EventJson.fromTree(validation.payload(), DeviceLogEvent.class));
        }

        void reject(int index, String field, String message) {
            metrics.received(Transport.HTTP);
            metrics.dropped(Transport.HTTP, DropReason.INVALID);
            addError(index, field, message);
        }

        private void addError(int index, String field, String message) {
            rejected++;
            if (errors.size() < MAX_LISTED_ERRORS) {
                errors.add(new ItemError(index, field, message));
            }
        }

        BatchResult result() {
            return new BatchResult(accepted, rejected, List.copyOf(errors));
        }
    }

    private static String stripNewline(String line) {
        int end = line.length();
        while (end > 0 && (line.charAt(end - 1) == '\n' || line.charAt(end - 1) == '\r')) {
            end--;
        }
        return end == line.length() ? line : line.substring(0, end);
    }

    /** A literal address only: never a DNS lookup on client input. */
    static boolean isIpLiteral(String value) {
        if (value.isEmpty() || value.length() > 45) {
            return false;
        }
        if (value.indexOf(':') >= 0) {
            try {
                // with a ':' in it, InetAddress parses an IPv6 literal and never resolves a name
                return InetAddress.getByName(value) != null;
            } catch (UnknownHostException e) {
                return false;
            }
        }
        int parts = 0;
        int start = 0;
        for (int i = 0; i <= value.length(); i++) {
            if (i == value.length() || value.charAt(i) == '.') {
                if (i == start || i - start > 3) {
                    return false;
                }
                int octet = 0;
                for (int k = start; k < i; k++) {
                    char c = value.charAt(k);
                    if (c < '0' || c > '9') {
                        return false;
                    }
                    octet = octet * 10 + (c - '0');
                }
                if (octet > 255) {
                    return false;
                }
                parts++;
                start = i + 1;
            }
        }
        return parts == 4;
    }
}
