package org.opmas.devkit.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.kex.KexProposalOption;

/** A MINA SSH client for the simulator's own tests (the executor uses JSch). */
final class SshTestClient implements AutoCloseable {

    record Result(Integer exitCode, String stdout, String stderr, Set<ClientChannelEvent> events) {
    }

    private final SshClient client = SshClient.setUpDefaultClient();
    final AtomicReference<PublicKey> serverKey = new AtomicReference<>();

    SshTestClient() {
        client.setServerKeyVerifier((session, remote, key) -> {
            serverKey.set(key);
            return true;
        });
        client.start();
    }

    static KeyPair rsaKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    Result exec(SimulatedRouter router, KeyPair key, String command, Duration timeout) throws Exception {
        return exec(router, key, command, timeout, timeout);
    }

    Result exec(SimulatedRouter router, KeyPair key, String command, Duration timeout, Duration commandTimeout)
            throws Exception {
        try (ClientSession session = client.connect(router.user(), router.host(), router.port())
                .verify(timeout).getSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(timeout);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            try (ChannelExec channel = session.createExecChannel(command)) {
                channel.setOut(out);
                channel.setErr(err);
                channel.open().verify(timeout);
                Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), commandTimeout);
                return new Result(channel.getExitStatus(), out.toString(StandardCharsets.UTF_8),
                        err.toString(StandardCharsets.UTF_8), events);
            }
        }
    }

    /** What this client (MINA's defaults: post-quantum hybrids first) and the router proposed, and what they agreed. */
    record Handshake(Map<KexProposalOption, String> clientProposal, Map<KexProposalOption, String> serverProposal,
            Map<KexProposalOption, String> negotiated) {
    }

    Handshake handshake(SimulatedRouter router, KeyPair key, Duration timeout) throws Exception {
        try (ClientSession session = client.connect(router.user(), router.host(), router.port())
                .verify(timeout).getSession()) {
            session.addPublicKeyIdentity(key);
            session.auth().verify(timeout);
            return new Handshake(Map.copyOf(session.getClientKexProposals()), Map.copyOf(session.getServerKexProposals()),
                    Map.copyOf(session.getKexNegotiationResult()));
        }
    }

    @Override
    public void close() {
        client.stop();
    }
}
