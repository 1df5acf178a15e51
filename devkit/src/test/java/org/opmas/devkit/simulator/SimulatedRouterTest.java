package org.opmas.devkit.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;

import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The simulator over real SSH: auth, host key, commands and state, misbehaviour. */
class SimulatedRouterTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static KeyPair clientKey;
    private static SshTestClient ssh;

    @BeforeAll
    static void setUp() throws Exception {
        clientKey = SshTestClient.rsaKey();
        ssh = new SshTestClient();
    }

    @AfterAll
    static void tearDown() {
        ssh.close();
    }

    private static SimulatedRouter router(String name) {
        return SimulatedRouter.builder(name).authorizedKey(PublicKeyEntry.toString(clientKey.getPublic())).start();
    }

    @Test
    void runsCommandsWithStateAndRecordsThem() throws Exception {
        try (SimulatedRouter router = router("ap-state")) {
            SshTestClient.Result result = ssh.exec(router,
                    clientKey, "uci set system.@system[0].hostname='edge-1' && uci commit system && uci get system.@system[0].hostname",
                    TIMEOUT);
            assertThat(result.exitCode()).isZero();
            assertThat(result.stdout()).isEqualTo("edge-1\n");
            SshTestClient.Result missing = ssh.exec(router, clientKey, "wifi reload; nosuchcmd", TIMEOUT);
            assertThat(missing.exitCode()).isEqualTo(127);
            assertThat(missing.stderr()).isEqualTo("sh: nosuchcmd: not found\n");
            assertThat(router.state().wifiReloads()).isEqualTo(1);
            assertThat(router.receivedCommands()).extracting(ReceivedCommand::user).containsOnly("root");
            assertThat(router.receivedCommandTexts()).containsExactly(
                    "uci set system.@system[0].hostname='edge-1' && uci commit system && uci get system.@system[0].hostname",
                    "wifi reload; nosuchcmd");
        }
    }

    @Test
    void onlyAuthorizedKeysLogInAndTheHostKeyIsStableAcrossRestarts() throws Exception {
        try (SimulatedRouter router = router("ap-auth")) {
            KeyPair stranger = SshTestClient.rsaKey();
            assertThatThrownBy(() -> ssh.exec(router, stranger, "echo hi", TIMEOUT)).isInstanceOf(Exception.class);
            assertThat(router.receivedCommands()).isEmpty();

            ssh.exec(router, clientKey, "echo hi", TIMEOUT);
            assertThat(KeyUtils.compareKeys(ssh.serverKey.get(), router.hostKey().getPublic())).isTrue();
            assertThat(router.hostKeyLine()).startsWith("ssh-ed25519 AAAA");
            int port = router.port();
            router.refuseConnections().start();
            assertThat(router.port()).isEqualTo(port);
            ssh.exec(router, clientKey, "echo again", TIMEOUT);
            assertThat(KeyUtils.compareKeys(ssh.serverKey.get(), router.hostKey().getPublic())).isTrue();
        }
    }

    @Test
    void offersWhatDropbearOffersSoAPostQuantumFirstClientNegotiatesCurve25519() throws Exception {
        try (SimulatedRouter router = router("ap-kex")) {
            SshTestClient.Handshake handshake = ssh.handshake(router, clientKey, TIMEOUT);

            assertThat(handshake.serverProposal().get(KexProposalOption.ALGORITHMS)).startsWith(
                    "curve25519-sha256,curve25519-sha256@libssh.org,ecdh-sha2-nistp521,ecdh-sha2-nistp384,"
                            + "ecdh-sha2-nistp256,diffie-hellman-group14-sha256")
                    .doesNotContain("mlkem").doesNotContain("sntrup");
            assertThat(handshake.serverProposal().get(KexProposalOption.SERVERKEYS)).isEqualTo("ssh-ed25519");
            assertThat(handshake.serverProposal().get(KexProposalOption.S2CENC))
                    .isEqualTo("chacha20-poly1305@openssh.com,aes128-ctr,aes256-ctr");
            assertThat(handshake.serverProposal().get(KexProposalOption.S2CMAC)).isEqualTo("hmac-sha1,hmac-sha2-256");
            // MINA's client puts post-quantum hybrids first (the executor's JSch offers ML-KEM first)
            assertThat(handshake.clientProposal().get(KexProposalOption.ALGORITHMS))
                    .startsWith("sntrup761x25519-sha512,").contains(",mlkem768x25519-sha256,");
            assertThat(handshake.negotiated().get(KexProposalOption.ALGORITHMS)).isEqualTo("curve25519-sha256");
            assertThat(handshake.negotiated().get(KexProposalOption.SERVERKEYS)).isEqualTo("ssh-ed25519");
        }
    }

    @Test
    void refusesRejectsAndDelaysTheBannerOnDemand() throws Exception {
        try (SimulatedRouter router = router("ap-refuse")) {
            router.refuseConnections();
            assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", router.port()), 1000))
                    .isInstanceOf(ConnectException.class);
            router.start().rejectNextConnections(1);
            assertThatThrownBy(() -> ssh.exec(router, clientKey, "echo hi", Duration.ofSeconds(2)))
                    .isInstanceOf(Exception.class);
            assertThat(ssh.exec(router, clientKey, "echo hi", TIMEOUT).stdout()).isEqualTo("hi\n");

            router.bannerDelay(Duration.ofSeconds(30));
            long start = System.nanoTime();
            assertThatThrownBy(() -> ssh.exec(router, clientKey, "echo slow", Duration.ofMillis(700)))
                    .isInstanceOf(Exception.class);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
            assertThat(router.receivedCommandTexts()).doesNotContain("echo slow");
        }
    }

    @Test
    void hangsFailsDropsAndSlowsDownOnDemand() throws Exception {
        try (SimulatedRouter router = router("ap-misbehave")) {
            router.hang(true);
            SshTestClient.Result hung = ssh.exec(router, clientKey, "uptime", TIMEOUT, Duration.ofMillis(700));
            assertThat(hung.events()).contains(ClientChannelEvent.TIMEOUT);
            assertThat(hung.exitCode()).isNull();

            router.behave().failCommands(1, "Command failed: Permission denied\n");
            SshTestClient.Result failed = ssh.exec(router, clientKey, "wifi reload", TIMEOUT);
            assertThat(failed.exitCode()).isEqualTo(1);
            assertThat(failed.stderr()).isEqualTo("Command failed: Permission denied\n");
            assertThat(router.state().wifiReloads()).isZero();

            router.behave().dropConnectionMidCommand(true);
            SshTestClient.Result dropped = ssh.exec(router, clientKey, "logread", TIMEOUT);
            assertThat(dropped.exitCode()).isNull();

            router.behave().commandDelay(Duration.ofMillis(400));
            long start = System.nanoTime();
            assertThat(ssh.exec(router, clientKey, "echo late", TIMEOUT).stdout()).isEqualTo("late\n");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
            assertThat(router.receivedCommandTexts()).containsExactly("uptime", "wifi reload", "logread", "echo late");
        }
    }

    @Test
    void aFleetSharesThreadsAndEveryRouterAnswers() throws Exception {
        int before = Thread.activeCount();
        try (SimulatedFleet fleet = SimulatedFleet.start("fleet-ap", 50, List.of(clientKey.getPublic()), 7)) {
            assertThat(fleet.routers()).extracting(SimulatedRouter::host).doesNotHaveDuplicates()
                    .contains("127." + 7 + ".0.1", "127.7.0.50");
            for (SimulatedRouter router : List.of(fleet.router(0), fleet.router(49))) {
                assertThat(ssh.exec(router, clientKey, "cat /proc/sys/kernel/hostname", TIMEOUT).stdout())
                        .isEqualTo(router.hostname() + "\n");
            }
            assertThat(fleet.totalCommandsReceived()).isEqualTo(2);
            // One SSHD per router, but far fewer than the ~6 threads each a default SSHD starts.
            assertThat(Thread.activeCount() - before).isLessThan(50 * 3);
        }
    }
}
