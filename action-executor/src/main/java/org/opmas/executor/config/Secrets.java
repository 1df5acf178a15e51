package org.opmas.executor.config;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.opmas.common.crypto.SecretCipher;

import io.quarkus.runtime.Startup;

/**
 * Builds the {@link SecretCipher} at startup, so a missing or malformed master key stops the service
 * with the cipher's message instead of failing the first action.
 */
@ApplicationScoped
public class Secrets {

    @Produces
    @Singleton
    @Startup
    SecretCipher cipher(SecretsConfig config) {
        Map<String, String> keys = new LinkedHashMap<>();
        config.masterKeys().forEach((id, value) -> {
            if (value != null && !value.isBlank()) {
                keys.put(id, value);
            }
        });
        return SecretCipher.of(keys, config.activeKeyId());
    }
}
