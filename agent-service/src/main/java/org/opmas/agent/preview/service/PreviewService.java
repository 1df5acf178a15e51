package org.opmas.agent.preview.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opmas.agent.engine.RuleEngine;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.RuleType;
import org.opmas.agent.preview.rest.PreviewRequest;
import org.opmas.agent.preview.rest.PreviewResponse;
import org.opmas.agent.rules.service.RuleService;
import org.opmas.common.rest.BadRequestProblem;
import org.opmas.common.rest.FieldError;
import org.opmas.schema.CloudEvents;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.DetectionEvent;
import org.opmas.schema.events.DeviceLogEvent;
import org.opmas.schema.validation.EventValidator;
import org.opmas.schema.validation.ValidationResult;

/**
 * Runs a rule over samples with the production compiler and evaluators on a fresh engine whose
 * clock follows the samples' timestamps; timers (absence, A-without-B) are run once after the
 * last sample, as if the rule's window had passed with nothing else arriving.
 */
@ApplicationScoped
public class PreviewService {

    private final Clock clock;

    public PreviewService(Clock clock) {
        this.clock = clock;
    }

    public PreviewResponse preview(PreviewRequest request) {
        long deviceId = request.deviceId() == null ? 1 : request.deviceId();
        CompiledRule rule = RuleService.compile(request.rule(), 0, 0, "preview");
        Instant now = clock.instant();
        List<DeviceLogEvent> events = new ArrayList<>();
        List<String> sources = new ArrayList<>();
        List<String> parseErrors = new ArrayList<>();
        if (request.lines() != null) {
            for (String line : request.lines()) {
                DeviceLogEvent e = PreviewSyslogParser.parse(line, deviceId, now);
                events.add(e);
                sources.add("line");
                parseErrors.add(e.parseError());
            }
        }
        if (request.events() != null) {
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < request.events().size(); i++) {
                JsonNode node = request.events().get(i);
                if (node.isObject() && !node.has("device_id") && !node.has("hostname") && !node.has("source_ip")) {
                    ((ObjectNode) node).put("device_id", deviceId);
                }
                ValidationResult r = EventValidator.shared().validate(CloudEvents.DEVICE_LOG_V1, node);
                if (!r.isValid()) {
                    errors.add(new FieldError("events[" + i + "]", r.summary(1000)));
                    continue;
                }
                DeviceLogEvent e = EventJson.fromTree(r.payload(), DeviceLogEvent.class);
                events.add(e.deviceId() == null ? e.withDeviceId(deviceId) : e);
                sources.add("event");
                parseErrors.add(null);
            }
            if (!errors.isEmpty()) {
                throw new BadRequestProblem("Some events are not valid DeviceLogEvents", errors);
            }
        }
        if (events.isEmpty()) {
            throw new BadRequestProblem("Give at least one sample in lines or events", "lines", "must not be empty");
        }
        SettableClock engineClock = new SettableClock(events.get(0).timestamp());
        RuleEngine engine = new RuleEngine(engineClock, 10_000, RuleEngine.Listener.NONE);
        engine.load(List.of(rule));
        List<PreviewResponse.Item> items = new ArrayList<>();
        List<JsonNode> detections = new ArrayList<>();
        int matched = 0;
        Instant last = events.get(0).timestamp();
        for (int i = 0; i < events.size(); i++) {
            DeviceLogEvent e = events.get(i);
            String step = null;
            Map<String, String> captured;
            if (rule.type() == RuleType.SEQUENCE) {
                captured = rule.first().match(e);
                step = captured != null ? "first" : null;
                if (captured == null) {
                    captured = rule.then().match(e);
                    step = captured != null ? "then" : null;
                }
            } else {
                captured = rule.filter().match(e);
            }
            if (captured != null) {
                matched++;
            }
            if (e.timestamp().isAfter(last)) {
                last = e.timestamp();
            }
            engineClock.set(e.timestamp());
            for (DetectionEvent d : engine.evaluate(e, 0, true)) {
                detections.add(EventJson.toTree(d));
            }
            items.add(new PreviewResponse.Item(i, sources.get(i), EventJson.toTree(e), captured != null, step, captured,
                    parseErrors.get(i)));
        }
        if (rule.type() == RuleType.ABSENCE || rule.thenMissing()) {
            engineClock.set(last.plusMillis(rule.windowMillis() + 1000));
            for (DetectionEvent d : engine.tick(id -> true)) {
                detections.add(EventJson.toTree(d));
            }
        }
        return new PreviewResponse(rule.type().wire(), events.size(), matched, items, detections);
    }

    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
