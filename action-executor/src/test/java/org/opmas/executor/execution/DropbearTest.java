package org.opmas.executor.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opmas.devkit.Ports;
import org.opmas.devkit.test.OpmasTestResource;
import org.opmas.executor.support.Fixtures;
import org.opmas.schema.events.IntendedActionEvent;

import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * One action against a real Dropbear (OpenWrt's SSH server), when {@code /usr/sbin/dropbear} is
 * installed ({@code apt-get install -y dropbear-bin}) and the test runs as root (it adds a
 * temporary login user). Skipped with a message otherwise.
 */
@QuarkusTest
@WithTestResource(value = OpmasTestResource.class, scope = TestResourceScope.GLOBAL)
class DropbearTest {

    private static final Path DROPBEAR = Path.of("/usr/sbin/dropbear");
    private static final Path DROPBEARKEY = Path.of("/usr/bin/dropbearkey");
    private static Path dir;
    private static Process server;
    private static String user;

    @BeforeAll
    static void checkEnvironment() {
        Assumptions.assumeTrue(Files.isExecutable(DROPBEAR) && Files.isExecutable(DROPBEARKEY),
                "SKIPPED: Dropbear is not installed (apt-get install -y dropbear-bin provides /usr/sbin/dropbear)");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "SKIPPED: the Dropbear test adds a temporary login user and must run as root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor(5, TimeUnit.SECONDS);
        }
        if (user != null) {
            run("userdel", user);
        }
    }

    @Test
    void runsACommandOnARealDropbearServer() throws Exception {
        dir = Files.createTempDirectory("opmas-dropbear");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        user = "opmasdb" + UUID.randomUUID().toString().substring(0, 6);
        assertThat(run("useradd", "-M", "-d", dir.toString(), "-s", "/bin/sh", user)).isZero();
        assertThat(run("usermod", "-p", "*", user)).isZero(); // no password, but not a locked account
        Path ssh = Files.createDirectories(dir.resolve(".ssh"));
        Fixtures.ClientKey key = Fixtures.ed25519();
        Files.writeString(ssh.resolve("authorized_keys"), key.publicKeyLine() + "\n");

        Path hostKey = dir.resolve("host_ed25519");
        assertThat(run("/usr/bin/dropbearkey", "-t", "ed25519", "-f", hostKey.toString())).isZero();
        Process show = new ProcessBuilder("/usr/bin/dropbearkey", "-y", "-f", hostKey.toString())
                .redirectErrorStream(true).start();
        String hostKeyLine = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("ssh-ed25519 ")).findFirst().orElseThrow();
        show.waitFor();

        String address = Fixtures.uniqueLoopback();
        int port = Ports.free();
        server = new ProcessBuilder(DROPBEAR.toString(), "-F", "-E", "-s", "-r", hostKey.toString(),
                "-p", address + ":" + port, "-P", dir.resolve("dropbear.pid").toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("dropbear.log").toFile()).start();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            try (java.net.Socket s = new java.net.Socket(address, port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        });

        int deviceId = Fixtures.device(address, port, key, Map.of("ssh_user", user, "host_key",
                hostKeyLine.split(" ")[0] + " " + hostKeyLine.split(" ")[1]));
        IntendedActionEvent event = Fixtures.action(deviceId, "echo \"hello from $(id -un)\" | tr a-z A-Z; exit 3", 20, 0,
                false);
        Fixtures.publish(event);

        await().atMost(Duration.ofSeconds(30)).until(() -> !List.of("pending", "running")
                .contains(Fixtures.status(event.actionId())));
        Fixtures.Row row = Fixtures.row(event.actionId());
        assertThat(row.status()).as("dropbear log: %s", Files.readString(dir.resolve("dropbear.log")))
                .isEqualTo("failed");
        assertThat(row.result().get("exit_code").asInt()).isEqualTo(3);
        assertThat(row.result().get("stdout").asText()).isEqualTo("HELLO FROM " + user.toUpperCase() + "\n");
    }

    private static int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
