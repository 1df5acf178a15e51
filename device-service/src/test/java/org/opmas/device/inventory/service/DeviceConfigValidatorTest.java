package org.opmas.device.inventory.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.opmas.common.rest.FieldError;

class DeviceConfigValidatorTest {

    private static final String ED25519_HOST_KEY =
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@router";

    @Test
    void acceptsTheContractFields() {
        Map<String, Object> config = new HashMap<>();
        config.put("ssh_port", 22);
        config.put("ssh_user", "root");
        config.put("host_key", ED25519_HOST_KEY);
        config.put("trust_on_first_use", false);
        config.put("timezone", "America/New_York");
        config.put("tenant", "acme-1");
        assertThat(DeviceConfigValidator.validate(config)).isEmpty();
        Map<String, Object> nulls = new HashMap<>();
        nulls.put("host_key", null);
        assertThat(DeviceConfigValidator.validate(nulls)).isEmpty();
        assertThat(DeviceConfigValidator.validate(null)).isEmpty();
    }

    @Test
    void namesEveryBadField() {
        Map<String, Object> config = new HashMap<>();
        config.put("ssh_port", 0);
        config.put("ssh_user", "Root; reboot");
        config.put("host_key", "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        config.put("timezone", "CEST+2");
        config.put("password", "hunter2");
        assertThat(DeviceConfigValidator.validate(config)).extracting(FieldError::field).containsExactlyInAnyOrder(
                "config.ssh_port", "config.ssh_user", "config.host_key", "config.timezone", "config.password");
        assertThat(DeviceConfigValidator.validate(Map.of("ssh_port", 22.5))).extracting(FieldError::field)
                .containsExactly("config.ssh_port");
        assertThat(DeviceConfigValidator.validate(Map.of("host_key", "-----BEGIN OPENSSH PRIVATE KEY-----")))
                .extracting(FieldError::message).allMatch(m -> m.contains("never a private key"));
    }

    @Test
    void zoneDefaultsToUtc() {
        assertThat(DeviceConfigValidator.zoneOf(null).getId()).isEqualTo("UTC");
        assertThat(DeviceConfigValidator.zoneOf("Europe/Berlin").getId()).isEqualTo("Europe/Berlin");
    }

    @Test
    void ipAddressesAreLiteralAndCanonical() {
        assertThat(IpAddresses.canonical("192.0.2.1")).contains("192.0.2.1");
        assertThat(IpAddresses.canonical("2001:DB8:0:0:0:0:0:1")).contains("2001:db8::1");
        assertThat(IpAddresses.canonical("localhost")).isEmpty();
        assertThat(IpAddresses.canonical("10.0.0.1/8")).isEmpty();
        assertThat(IpAddresses.canonical("256.1.1.1")).isEmpty();
        assertThat(IpAddresses.canonical("fe80::1%eth0")).isEmpty();
    }
}
