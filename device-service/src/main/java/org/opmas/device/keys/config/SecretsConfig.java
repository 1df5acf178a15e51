package org.opmas.device.keys.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Master keys that seal SSH private keys. {@code OPMAS_MASTER_KEY} (32 random bytes, base64) is
 * {@code master-keys.k1}; during a rotation further ids stay configured until every value has
 * been re-sealed with the active one.
 */
@ConfigMapping(prefix = "opmas.secrets")
public interface SecretsConfig {

    @WithDefault("k1")
    String activeKeyId();

    /** Key id to base64 key. */
    Map<String, String> masterKeys();
}
