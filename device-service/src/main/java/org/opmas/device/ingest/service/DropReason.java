package org.opmas.device.ingest.service;

/** Why a received line was not published; the {@code reason} tag of opmas_ingest_dropped_total. */
public enum DropReason {
    /** No device has the source address or hostname, and the policy is {@code drop}. */
    UNKNOWN_SOURCE("unknown_source"),
    /** The frame was longer than the limit; the cut-off rest is discarded (the head is still published). */
    OVERSIZED("oversized"),
    /** Too many records waiting for Kafka. */
    BACKPRESSURE("backpressure"),
    /** The source sent faster than its per-address token bucket allows ({@code opmas.ingest.syslog.rate-limit.*}). */
    RATE_LIMITED("rate_limited"),
    /** Registering an unknown source failed (policy {@code register}). */
    REGISTER_FAILED("register_failed"),
    /** An HTTP item that is neither a usable line nor a valid structured event (rejected, 202 lists why). */
    INVALID("invalid"),
    /** Kafka did not accept the record (broker unreachable past the delivery timeout, ...). */
    PUBLISH_FAILED("publish_failed");

    private final String tag;

    DropReason(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
