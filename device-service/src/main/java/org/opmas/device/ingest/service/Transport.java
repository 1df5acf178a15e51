package org.opmas.device.ingest.service;

/** How a line reached the service; the {@code transport} tag of the ingest metrics. */
public enum Transport {
    UDP("udp"),
    TCP("tcp"),
    HTTP("http");

    private final String tag;

    Transport(String tag) {
        this.tag = tag;
    }

    public String tag() {
        return tag;
    }
}
