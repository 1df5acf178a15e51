package org.opmas.executor.ssh;

/**
 * Where and how to reach one router.
 *
 * @param pinnedHostKey   the OpenSSH public host key line the server must present, or null
 * @param trustOnFirstUse accept (and report) the presented key when none is pinned
 * @param privateKey      the decrypted private key (OpenSSH/PEM text); cleared after use
 */
public record SshTarget(long deviceId, String host, int port, String user, byte[] privateKey, String pinnedHostKey,
        boolean trustOnFirstUse) {

    @Override
    public String toString() {
        // never the key
        return "SshTarget[device " + deviceId + ", " + user + "@" + host + ":" + port + "]";
    }
}
