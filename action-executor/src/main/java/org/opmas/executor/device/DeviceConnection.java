package org.opmas.executor.device;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the executor needs to reach a device: address, devices.config connection settings, the
 * active key (still sealed) and the pin recorded by trust-on-first-use, if any.
 *
 * @param config        devices.config (may be null)
 * @param sealedKey     ssh_keys.encrypted_key of the newest active key, or null if none
 * @param recordedHostKey device_host_keys.host_key, or null
 */
public record DeviceConnection(long deviceId, String ip, String status, JsonNode config, String sealedKey,
        String keyFingerprint, String recordedHostKey) {

    public int sshPort() {
        JsonNode port = config == null ? null : config.get("ssh_port");
        return port != null && port.canConvertToInt() && port.asInt() > 0 && port.asInt() < 65536 ? port.asInt() : 22;
    }

    public String sshUser() {
        JsonNode user = config == null ? null : config.get("ssh_user");
        return user != null && user.isTextual() && !user.asText().isBlank() ? user.asText() : "root";
    }

    /** devices.config.host_key wins over a trust-on-first-use record. */
    public String pinnedHostKey() {
        JsonNode key = config == null ? null : config.get("host_key");
        if (key != null && key.isTextual() && !key.asText().isBlank()) {
            return key.asText().trim();
        }
        return recordedHostKey;
    }

    public boolean trustOnFirstUse() {
        JsonNode tofu = config == null ? null : config.get("trust_on_first_use");
        return tofu != null && (tofu.asBoolean(false) || "true".equalsIgnoreCase(tofu.asText()));
    }

    @Override
    public String toString() {
        return "DeviceConnection[" + deviceId + ", " + ip + ", key " + keyFingerprint + "]";
    }
}
