package org.opmas.device.inventory.rest;

/** What the API accepts as a device hostname: DNS-like labels, as OpenWrt's system.hostname. */
final class Hostnames {

    static final String PATTERN = "[A-Za-z0-9](?:[A-Za-z0-9._-]{0,253}[A-Za-z0-9])?";
    static final String MESSAGE = "must be letters, digits, '.', '_' or '-', starting and ending with a letter or digit";

    private Hostnames() {
    }
}
