package org.opmas.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SecretSettingsTest {

    @ParameterizedTest
    @ValueSource(strings = {"notify.smtp.password", "notify.password", "notify.slack_token", "agent.token",
            "findings.webhook_secret", "playbook.vendor.api_key", "playbook.vendor.api-key", "executor.jump_private_key",
            "device.SMTP_PASSWORD", "device.db_passwordsecret"})
    void aKeyWhoseLastSegmentEndsWithASecretWordIsSecret(String key) {
        assertThat(SecretSettings.isSecret(key)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"executor.ssh_step_timeout", "password.length", "device.token_ttl", "agent.secret_rotation",
            "playbook.api_key_header", "device.private_key_path", "ingest.unknown_source", "", "token.", "tokens"})
    void onlyTheLastSegmentCounts(String key) {
        assertThat(SecretSettings.isSecret(key)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"executor.enabled", "ingest.unknown_source", "notify.smtp-relay.password", "a.b2.c_d"})
    void wellFormedKeys(String key) {
        assertThat(SecretSettings.keyProblem(key)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"enabled", "Executor.enabled", "executor..enabled", "executor.", ".enabled", "executor.en abled",
            "executor.enabled;drop", "1executor.x", "executor/enabled", " "})
    void malformedKeysAreRefusedWithAReason(String key) {
        assertThat(SecretSettings.keyProblem(key)).isNotBlank();
    }

    @org.junit.jupiter.api.Test
    void tooLongKeysAndNullAreRefused() {
        assertThat(SecretSettings.keyProblem("device." + "x".repeat(250))).contains("255");
        assertThat(SecretSettings.keyProblem(null)).isEqualTo("is required");
    }

    @org.junit.jupiter.api.Test
    void associatedDataBindsTheValueToItsKey() {
        assertThat(SecretSettings.associatedData("notify.smtp_password")).isEqualTo("opmas_config:notify.smtp_password");
    }
}
