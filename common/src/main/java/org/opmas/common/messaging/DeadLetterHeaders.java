package org.opmas.common.messaging;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.opmas.schema.Topics;

/**
 * The headers of a dead-letter record: the original ones (ce_* included, so the event can be
 * replayed as it was) plus why, where from and when, named as the contract says
 * ({@link Topics.DlqHeaders}: the names SmallRye's own dead-letter-queue strategy writes, plus
 * service, time and reason class).
 */
public final class DeadLetterHeaders {

    private static final List<String> OWN = List.of(Topics.DlqHeaders.REASON_CLASS, Topics.DlqHeaders.SERVICE,
            Topics.DlqHeaders.AT, Topics.DlqHeaders.REASON, Topics.DlqHeaders.CAUSE, Topics.DlqHeaders.TOPIC,
            Topics.DlqHeaders.PARTITION, Topics.DlqHeaders.OFFSET, Topics.DlqHeaders.EXCEPTION_CLASS_NAME,
            Topics.DlqHeaders.CAUSE_CLASS_NAME);

    private DeadLetterHeaders() {
    }

    /**
     * @param original  headers of the rejected record (copied, not changed); may be null
     * @param partition or null when unknown
     * @param offset    or null when unknown
     * @param failure   the exception that rejected the record, or null
     */
    public static Headers build(Headers original, String topic, Integer partition, Long offset,
            DeadLetterReason reasonClass, String reason, String service, Instant at, Throwable failure) {
        RecordHeaders headers = new RecordHeaders();
        if (original != null) {
            for (Header header : original) {
                // A record dead-lettered a second time (after a replay) describes only the latest failure.
                if (!OWN.contains(header.key())) {
                    headers.add(header.key(), header.value());
                }
            }
        }
        String text = truncate(reason == null ? reasonClass.label() : reason);
        add(headers, Topics.DlqHeaders.REASON, text);
        add(headers, Topics.DlqHeaders.REASON_CLASS, reasonClass.label());
        add(headers, Topics.DlqHeaders.SERVICE, service);
        add(headers, Topics.DlqHeaders.AT, at.toString());
        add(headers, Topics.DlqHeaders.TOPIC, topic);
        add(headers, Topics.DlqHeaders.PARTITION, partition == null ? null : partition.toString());
        add(headers, Topics.DlqHeaders.OFFSET, offset == null ? null : offset.toString());
        if (failure != null) {
            add(headers, Topics.DlqHeaders.EXCEPTION_CLASS_NAME, failure.getClass().getName());
            Throwable cause = failure.getCause();
            if (cause != null) {
                add(headers, Topics.DlqHeaders.CAUSE, truncate(String.valueOf(cause.getMessage())));
                add(headers, Topics.DlqHeaders.CAUSE_CLASS_NAME, cause.getClass().getName());
            }
        }
        return headers;
    }

    private static String truncate(String text) {
        int max = Topics.DlqHeaders.MAX_REASON_LENGTH;
        return text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }

    private static void add(Headers headers, String name, String value) {
        if (value != null) {
            headers.add(name, value.getBytes(StandardCharsets.UTF_8));
        }
    }
}
