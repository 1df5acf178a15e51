package org.opmas.executor.config;

import java.util.Map;

import io.smallrye.config.ConfigMapping;

/** Master keys that open the SSH private keys in ssh_keys (see docs/EXECUTOR.md). */
@ConfigMapping(prefix = "opmas.secrets")
public interface SecretsConfig {

    String activeKeyId();

    /** Key id to 32 random bytes in base64. */
    Map<String, String> masterKeys();
}
