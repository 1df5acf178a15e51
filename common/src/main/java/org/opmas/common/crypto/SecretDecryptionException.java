package org.opmas.common.crypto;

/** A sealed secret could not be opened; the message names the master key id, never the secret. */
public class SecretDecryptionException extends RuntimeException {

    private final String keyId;

    public SecretDecryptionException(String keyId, String reason) {
        super("Cannot decrypt secret" + (keyId == null ? "" : " sealed with master key '" + keyId + "'") + ": " + reason);
        this.keyId = keyId;
    }

    public String keyId() {
        return keyId;
    }
}
