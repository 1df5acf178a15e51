package org.opmas.executor.ssh;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.opmas.executor.config.ExecutorConfig;

import com.jcraft.jsch.ChannelExec;
import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.UserInfo;

import io.quarkus.logging.Log;

/**
 * Runs one command on one router over SSH (JSch), blocking the calling worker thread: connect within
 * the connect timeout, check the host key against the pin before anything else happens, run the
 * command as an exec request, capture capped output, and close the channel when the step timeout
 * expires. One attempt; retries are the caller's decision.
 */
@ApplicationScoped
public class SshClient {

    /**
     * Longest sleep of a worker waiting for its command's output to end before it re-checks the
     * step timeout and the session. The worker is woken as soon as JSch closes stdout (remote EOF or
     * channel gone), then polls for the exit status and close that follow it, from 1 ms up to
     * {@link #MAX_EXIT_STATUS_POLL_MILLIS} apart (a command may close stdout and keep running). A
     * fixed 5 ms poll woke every running command 200 times a second, more the slower the routers.
     */
    private static final long OUTPUT_WAIT_MILLIS = 100;
    private static final long MAX_EXIT_STATUS_POLL_MILLIS = 50;

    /**
     * Key exchange algorithms offered, best first (JSch's defaults: post-quantum hybrid, then
     * curve25519 — what OpenWrt's dropbear negotiates — then NIST ECDH and DH groups). All of them
     * run on this JVM (Java 17 XDH + BouncyCastle, a hard dependency), so JSch's own availability
     * probe ({@code CheckKexes}) is switched off: on every connection it generated a throwaway key
     * pair for each of eight algorithms (~7 % of all CPU samples in the client + simulator profile in
     * docs/benchmarks/action-executor.md).
     */
    static final String KEX = "mlkem768x25519-sha256,curve25519-sha256,curve25519-sha256@libssh.org,"
            + "ecdh-sha2-nistp256,ecdh-sha2-nistp384,ecdh-sha2-nistp521,diffie-hellman-group-exchange-sha256,"
            + "diffie-hellman-group16-sha512,diffie-hellman-group18-sha512,diffie-hellman-group14-sha256";

    /*
     * Curve25519 arithmetic from BouncyCastle instead of the JDK's. On Java 15+ JSch picks the JDK's
     * X25519 and Ed25519 (sun.security.ec), whose generic field arithmetic made the key exchange,
     * the check of the router's ed25519 host-key signature and the ed25519 user-auth signature about
     * half of all CPU samples in the profile (docs/benchmarks/action-executor.md); JSch's
     * BouncyCastle classes compute the same RFC 7748/8032 functions several times faster, and
     * BouncyCastle is a hard dependency already. Global JSch configuration, because JSch signs with
     * the user key through JSch.getConfig, not the session's; the executor is the only JSch user in
     * its process.
     */
    static {
        JSch.setConfig("xdh", "com.jcraft.jsch.bc.XDH");
        JSch.setConfig("ssh-ed25519", "com.jcraft.jsch.bc.SignatureEd25519");
    }

    private final ExecutorConfig config;

    public SshClient(ExecutorConfig config) {
        this.config = config;
    }

    public SshOutcome run(SshTarget target, String command, Duration stepTimeout) {
        PinningRepository hostKeys = new PinningRepository(target.pinnedHostKey(), target.trustOnFirstUse());
        JSch jsch = new JSch();
        jsch.setHostKeyRepository(hostKeys);
        Session session = null;
        try {
            jsch.addIdentity("device-" + target.deviceId(), target.privateKey().clone(), null, null);
            session = jsch.getSession(target.user(), target.host(), target.port());
            session.setConfig("StrictHostKeyChecking", "yes");
            session.setConfig("PreferredAuthentications", "publickey");
            session.setConfig("kex", KEX);
            session.setConfig("CheckKexes", "");
            if (target.pinnedHostKey() != null) {
                session.setConfig("server_host_key", preferType(HostKeys.type(target.pinnedHostKey())));
            }
            session.setUserInfo(NO_PROMPTS);
            session.connect((int) config.connectTimeout().toMillis());
        } catch (JSchException e) {
            disconnect(session);
            return connectFailure(target, e, hostKeys);
        }
        try {
            return exec(session, command, stepTimeout, hostKeys.presented);
        } finally {
            disconnect(session);
        }
    }

    private SshOutcome exec(Session session, String command, Duration stepTimeout, String presented) {
        CappedOutput stdout = new CappedOutput(config.maxOutputBytes());
        CappedOutput stderr = new CappedOutput(config.maxOutputBytes());
        ChannelExec channel = null;
        long deadline = System.nanoTime() + stepTimeout.toNanos();
        long exitStatusPollMillis = 1;
        try {
            channel = (ChannelExec) session.openChannel("exec");
            channel.setCommand(command.getBytes(StandardCharsets.UTF_8));
            channel.setInputStream(null);
            channel.setOutputStream(stdout, false);
            channel.setErrStream(stderr, false);
            channel.connect((int) Math.max(1, Math.min(config.connectTimeout().toMillis(), stepTimeout.toMillis())));
            while (!channel.isClosed()) {
                if (System.nanoTime() - deadline >= 0) {
                    channel.disconnect();
                    return new SshOutcome(SshOutcome.Kind.TIMED_OUT, null, stdout.captured(), stderr.captured(),
                            presented, "step timeout: no exit status within " + stepTimeout.toSeconds()
                                    + " s; the channel was closed");
                }
                if (!session.isConnected()) {
                    break;
                }
                long untilDeadline = deadline - System.nanoTime();
                if (stdout.awaitClosed(Math.min(untilDeadline, TimeUnit.MILLISECONDS.toNanos(OUTPUT_WAIT_MILLIS)))) {
                    Thread.sleep(exitStatusPollMillis);
                    exitStatusPollMillis = Math.min(exitStatusPollMillis * 2, MAX_EXIT_STATUS_POLL_MILLIS);
                }
            }
            int exit = channel.getExitStatus();
            if (!channel.isClosed() || exit < 0) {
                return new SshOutcome(SshOutcome.Kind.CONNECTION_LOST, null, stdout.captured(), stderr.captured(),
                        presented, "connection lost while the command ran (no exit status); it may have run partly");
            }
            return new SshOutcome(SshOutcome.Kind.COMPLETED, exit, stdout.captured(), stderr.captured(), presented,
                    exit == 0 ? null : "command exited with status " + exit);
        } catch (JSchException e) {
            return new SshOutcome(SshOutcome.Kind.CONNECTION_LOST, null, stdout.captured(), stderr.captured(), presented,
                    "cannot run the command: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SshOutcome(SshOutcome.Kind.CONNECTION_LOST, null, stdout.captured(), stderr.captured(), presented,
                    "executor shutting down: the command was interrupted");
        } finally {
            if (channel != null) {
                channel.disconnect();
            }
        }
    }

    private static SshOutcome connectFailure(SshTarget target, JSchException e, PinningRepository hostKeys) {
        String where = target.user() + "@" + target.host() + ":" + target.port();
        if (hostKeys.mismatch) {
            return SshOutcome.failed(SshOutcome.Kind.HOST_KEY_MISMATCH, hostKeys.presented,
                    "host key mismatch for " + where + ": the router presented " + HostKeys.fingerprint(hostKeys.presented)
                            + " but " + HostKeys.fingerprint(target.pinnedHostKey())
                            + " is pinned; the command was not sent (possible man-in-the-middle or a re-keyed router)");
        }
        if (hostKeys.notPinned) {
            return SshOutcome.failed(SshOutcome.Kind.HOST_KEY_NOT_PINNED, hostKeys.presented,
                    "no host key pinned for device " + target.deviceId() + " and trust_on_first_use is off: "
                            + "the router presented " + HostKeys.fingerprint(hostKeys.presented)
                            + "; pin it in devices.config.host_key; the command was not sent");
        }
        Throwable cause = e.getCause();
        String message = String.valueOf(e.getMessage());
        if (cause instanceof ConnectException) {
            return SshOutcome.failed(SshOutcome.Kind.UNREACHABLE, null, "connection refused by " + where);
        }
        if (cause instanceof NoRouteToHostException) {
            return SshOutcome.failed(SshOutcome.Kind.UNREACHABLE, null, "no route to " + where);
        }
        if (cause instanceof SocketTimeoutException || message.contains("timeout")
                || message.contains("timed out")) {
            return SshOutcome.failed(SshOutcome.Kind.UNREACHABLE, hostKeys.presented,
                    "connect timeout: " + where + " did not complete the SSH handshake in time");
        }
        if (cause instanceof SocketException || cause instanceof EOFException
                || message.contains("closed by foreign host") || message.contains("Connection reset")
                || message.contains("invalid server's version string")) {
            return SshOutcome.failed(SshOutcome.Kind.UNREACHABLE, hostKeys.presented,
                    "connection reset by " + where + " before the command was sent");
        }
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel")) {
            return SshOutcome.failed(SshOutcome.Kind.AUTH_FAILED, hostKeys.presented,
                    "authentication failed for " + where + " with the device's active key");
        }
        if (message.contains("invalid privatekey")) {
            return SshOutcome.failed(SshOutcome.Kind.SSH_ERROR, null,
                    "the device's active SSH key cannot be read (not an OpenSSH/PEM private key)");
        }
        Log.debugf(e, "SSH to %s failed", where);
        return SshOutcome.failed(SshOutcome.Kind.SSH_ERROR, hostKeys.presented, "SSH to " + where + " failed: " + message);
    }

    /** The server host key algorithms with the pinned key's first, as OpenSSH does with known_hosts. */
    static String preferType(String keyType) {
        List<String> preferred = keyType.equals("ssh-rsa") ? List.of("rsa-sha2-512", "rsa-sha2-256", "ssh-rsa")
                : List.of(keyType);
        Set<String> order = new LinkedHashSet<>(preferred);
        order.addAll(Arrays.asList(JSch.getConfig("server_host_key").split(",")));
        return String.join(",", order);
    }

    private static void disconnect(Session session) {
        if (session != null) {
            session.disconnect();
        }
    }

    /** The key type named inside an SSH public key blob. */
    static String blobType(byte[] blob) {
        ByteBuffer buffer = ByteBuffer.wrap(blob);
        int length = buffer.getInt();
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }

    /**
     * Host key check in the handshake: accept exactly the pinned key; with no pin, accept under
     * trust-on-first-use (the caller records it) or refuse. Remembers what the server presented.
     */
    static final class PinningRepository implements HostKeyRepository {
        private final String pinned;
        private final boolean trustOnFirstUse;
        volatile String presented;
        volatile boolean mismatch;
        volatile boolean notPinned;

        PinningRepository(String pinned, boolean trustOnFirstUse) {
            this.pinned = pinned;
            this.trustOnFirstUse = trustOnFirstUse;
        }

        @Override
        public int check(String host, byte[] key) {
            presented = HostKeys.line(blobType(key), key);
            if (pinned == null) {
                if (trustOnFirstUse) {
                    return OK;
                }
                notPinned = true;
                return NOT_INCLUDED;
            }
            if (HostKeys.sameKey(pinned, presented)) {
                return OK;
            }
            mismatch = true;
            return CHANGED;
        }

        @Override
        public void add(HostKey hostkey, UserInfo ui) {
            // pins are stored by the executor, not by JSch
        }

        @Override
        public void remove(String host, String type) {
        }

        @Override
        public void remove(String host, String type, byte[] key) {
        }

        @Override
        public String getKnownHostsRepositoryID() {
            return "opmas-pinned-host-keys";
        }

        @Override
        public HostKey[] getHostKey() {
            return new HostKey[0];
        }

        @Override
        public HostKey[] getHostKey(String host, String type) {
            return new HostKey[0];
        }
    }

    /** Never prompts; answers "no" to anything JSch would ask a human. */
    private static final UserInfo NO_PROMPTS = new UserInfo() {
        @Override
        public String getPassphrase() {
            return null;
        }

        @Override
        public String getPassword() {
            return null;
        }

        @Override
        public boolean promptPassword(String message) {
            return false;
        }

        @Override
        public boolean promptPassphrase(String message) {
            return false;
        }

        @Override
        public boolean promptYesNo(String message) {
            return false;
        }

        @Override
        public void showMessage(String message) {
        }
    };
}
