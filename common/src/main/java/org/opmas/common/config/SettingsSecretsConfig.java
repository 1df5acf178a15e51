package org.opmas.common.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The master keys that seal secret settings: the same {@code opmas.secrets.*} the services use for
 * their own secrets (SSH keys), so one {@code OPMAS_MASTER_KEY} protects everything a service stores.
 */
@ConfigMapping(prefix = "opmas.secrets")
public interface SettingsSecretsConfig {

    /** The key that seals new values ({@code OPMAS_MASTER_KEY_ID}). */
    @WithDefault("k1")
    String activeKeyId();

    /** Key id to base64 key (32 bytes); blank entries count as not configured. */
    Map<String, String> masterKeys();
}
