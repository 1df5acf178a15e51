package org.opmas.devkit.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.io.IoAcceptor;
import org.apache.sshd.common.io.IoServiceEventListener;
import org.apache.sshd.common.io.nio2.Nio2ServiceFactoryFactory;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.util.threads.NoCloseExecutor;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.ServerBuilder;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * A simulated OpenWrt router: an SSH server (Apache MINA SSHD) on a loopback address that accepts public-key
 * logins for its authorized keys, presents a stable host key, runs exec requests through
 * {@link RouterShell} against {@link RouterCommands} state, records every command it receives, and
 * misbehaves on demand (hang, slow or silent banner, refuse, drop mid-command, fail, slow).
 *
 * <pre>{@code
 * try (SimulatedRouter router = SimulatedRouter.builder("ap-1").authorizedKey(publicKeyLine).start()) {
 *     ... connect to 127.0.0.1:router.port() as root ...
 *     assertThat(router.receivedCommands()).extracting(ReceivedCommand::command).containsExactly("wifi reload");
 * }
 * }</pre>
 */
public final class SimulatedRouter implements AutoCloseable {

    /*
     * What the router offers in its key exchange: dropbear's defaults, exactly as the KEXINIT of
     * dropbear 2022.83 (Debian's dropbear-bin, the server DropbearTest runs against) lists them:
     *   kex  curve25519-sha256, curve25519-sha256@libssh.org, ecdh-sha2-nistp521, ecdh-sha2-nistp384,
     *        ecdh-sha2-nistp256, diffie-hellman-group14-sha256, diffie-hellman-group14-sha1,
     *        kexguess2@matt.ucc.asn.au, kex-strict-s-v00@openssh.com
     *   host key ssh-ed25519, rsa-sha2-256, ssh-rsa; ciphers chacha20-poly1305@openssh.com, aes128-ctr,
     *   aes256-ctr; MACs hmac-sha1, hmac-sha2-256.
     * Left out: diffie-hellman-group14-sha1 (SHA-1, weak), kexguess2 (dropbear's own), kex-strict
     * (MINA adds it). MINA's defaults would instead put post-quantum hybrids first (sntrup761,
     * ML-KEM), so a client preferring them (the executor offers ML-KEM first) negotiated a key
     * exchange this router generation does not have, X25519 plus the post-quantum half. Newer
     * dropbear releases add post-quantum hybrids: take the list from such a release's KEXINIT when
     * the reference router moves on.
     */
    private static final List<KeyExchangeFactory> DROPBEAR_KEX = NamedFactory.setUpTransformedFactories(false,
            List.of(BuiltinDHFactories.curve25519, BuiltinDHFactories.curve25519_libssh, BuiltinDHFactories.ecdhp521,
                    BuiltinDHFactories.ecdhp384, BuiltinDHFactories.ecdhp256, BuiltinDHFactories.dhg14_256),
            ServerBuilder.DH2KEX);
    /** dropbear's ciphers, same order (the client's preference picks among them). */
    private static final List<NamedFactory<Cipher>> DROPBEAR_CIPHERS = List.of(
            BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128ctr, BuiltinCiphers.aes256ctr);
    /** dropbear's MACs, same order (no encrypt-then-MAC variants). */
    private static final List<NamedFactory<Mac>> DROPBEAR_MACS = List.of(BuiltinMacs.hmacsha1, BuiltinMacs.hmacsha256);

    private final String hostname;
    private final String user;
    private final String host;
    private final KeyPair hostKey;
    private final List<PublicKey> authorizedKeys = new CopyOnWriteArrayList<>();
    private final RouterCommands commands;
    private final RouterShell shell;
    private final List<ReceivedCommand> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger runningCommands = new AtomicInteger();
    private final AtomicInteger maxConcurrentCommands = new AtomicInteger();

    private volatile Duration bannerDelay = Duration.ZERO;
    private volatile Duration commandDelay = Duration.ZERO;
    private volatile boolean hang;
    private volatile boolean dropMidCommand;
    private volatile Integer forcedExitCode;
    private volatile String forcedStderr = "";
    private final AtomicInteger rejectNext = new AtomicInteger();
    private volatile CountDownLatch released = new CountDownLatch(1);

    private SshServer server;
    private int port;

    private SimulatedRouter(Builder b) {
        this.hostname = b.hostname;
        this.user = b.user;
        this.host = b.host;
        this.hostKey = b.hostKey != null ? b.hostKey : generateHostKey();
        this.authorizedKeys.addAll(b.authorizedKeys);
        this.commands = new RouterCommands(b.hostname);
        this.shell = new RouterShell(commands);
        this.port = b.port;
    }

    public static Builder builder(String hostname) {
        return new Builder(hostname);
    }

    /**
     * A fresh ed25519 host key (what an OpenWrt dropbear generates on first boot); keep it and pass it
     * to {@link Builder#hostKey} for a stable identity. Generated through MINA so that the key is of
     * the EdDSA implementation its signatures use (BouncyCastle's).
     */
    public static KeyPair generateHostKey() {
        try {
            return KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate an ed25519 host key", e);
        }
    }

    /** Parses an OpenSSH public key line ({@code ssh-ed25519 AAAA... comment}). */
    public static PublicKey parsePublicKey(String openSshLine) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(openSshLine.trim())
                    .resolvePublicKey(null, null, PublicKeyEntryResolver.FAILING);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("Not an OpenSSH public key line: " + e.getMessage(), e);
        }
    }

    /** Starts listening (again, on the same port after {@link #refuseConnections()}). */
    public synchronized SimulatedRouter start() {
        if (server != null && server.isStarted()) {
            return this;
        }
        released = new CountDownLatch(1);
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost(host);
        sshd.setPort(port);
        sshd.setIoServiceFactoryFactory(new Nio2ServiceFactoryFactory(() -> new NoCloseExecutor(SimulatorThreads.IO)));
        sshd.setScheduledExecutorService(SimulatorThreads.SCHEDULER, false);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setKeyExchangeFactories(DROPBEAR_KEX);
        sshd.setCipherFactories(DROPBEAR_CIPHERS);
        sshd.setMacFactories(DROPBEAR_MACS);
        sshd.setPasswordAuthenticator(null);
        sshd.setKeyboardInteractiveAuthenticator(null);
        sshd.setPublickeyAuthenticator((username, key, session) -> user.equals(username)
                && authorizedKeys.stream().anyMatch(k -> KeyUtils.compareKeys(k, key)));
        sshd.setIoServiceEventListener(new IoServiceEventListener() {
            @Override
            public void connectionAccepted(IoAcceptor acceptor, SocketAddress local, SocketAddress remote,
                    SocketAddress service) throws IOException {
                connections.incrementAndGet();
                if (rejectNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IOException("simulated: connection rejected");
                }
                Duration delay = bannerDelay;
                if (!delay.isZero()) {
                    try {
                        // Holds the banner back; released early when the router stops.
                        released.await(delay.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        });
        sshd.setCommandFactory((channel, command) -> new Exec(command));
        try {
            sshd.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start simulated router " + hostname + " on port " + port, e);
        }
        server = sshd;
        port = sshd.getPort();
        return this;
    }

    /** Stops listening: new connections are refused (connection refused), until {@link #start()}. */
    public synchronized SimulatedRouter refuseConnections() {
        stopServer();
        return this;
    }

    /** Accepts TCP connections and closes the next {@code count} at once, before the SSH banner. */
    public SimulatedRouter rejectNextConnections(int count) {
        rejectNext.set(count);
        return this;
    }

    /** Waits this long after accepting a connection before sending the SSH banner. */
    public SimulatedRouter bannerDelay(Duration delay) {
        bannerDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** Commands never answer (no output, no exit status) until the client gives up. */
    public SimulatedRouter hang(boolean hang) {
        this.hang = hang;
        return this;
    }

    /** Every command takes this long before it runs. */
    public SimulatedRouter commandDelay(Duration delay) {
        commandDelay = Objects.requireNonNull(delay);
        return this;
    }

    /** Commands write some output and then the connection drops, without an exit status. */
    public SimulatedRouter dropConnectionMidCommand(boolean drop) {
        dropMidCommand = drop;
        return this;
    }

    /** Every command fails with this exit status and error output (without running). */
    public SimulatedRouter failCommands(int exitCode, String stderr) {
        forcedStderr = stderr == null ? "" : stderr;
        forcedExitCode = exitCode;
        return this;
    }

    /** Back to a well-behaved router. */
    public SimulatedRouter behave() {
        bannerDelay = Duration.ZERO;
        commandDelay = Duration.ZERO;
        hang = false;
        dropMidCommand = false;
        forcedExitCode = null;
        rejectNext.set(0);
        return this;
    }

    public SimulatedRouter authorizeKey(String openSshLine) {
        authorizedKeys.add(parsePublicKey(openSshLine));
        return this;
    }

    public String hostname() {
        return hostname;
    }

    public String user() {
        return user;
    }

    public int port() {
        return port;
    }

    /** The loopback address it listens on (127.0.0.1 unless the builder chose another 127.x.y.z). */
    public String host() {
        return host;
    }

    /** The host key as an OpenSSH public key line, e.g. {@code ssh-ed25519 AAAA...}. */
    public String hostKeyLine() {
        return PublicKeyEntry.toString(hostKey.getPublic());
    }

    public KeyPair hostKey() {
        return hostKey;
    }

    /** The router's state (UCI, blocked IPs, denied MACs, interfaces, log). */
    public RouterCommands state() {
        return commands;
    }

    /** Every exec request received, in order (recorded before any misbehaviour applies). */
    public List<ReceivedCommand> receivedCommands() {
        return List.copyOf(received);
    }

    public List<String> receivedCommandTexts() {
        List<String> texts = new ArrayList<>();
        received.forEach(r -> texts.add(r.command()));
        return texts;
    }

    /** TCP connections accepted so far (including rejected ones). */
    public int connectionsAccepted() {
        return connections.get();
    }

    /** Most commands that ran at the same time. */
    public int maxConcurrentCommands() {
        return maxConcurrentCommands.get();
    }

    /** Runs a script locally, as if received over SSH, without recording it. */
    public CommandResult runLocally(String script) {
        return shell.run(script);
    }

    public synchronized boolean isRunning() {
        return server != null && server.isStarted();
    }

    @Override
    public synchronized void close() {
        stopServer();
    }

    private void stopServer() {
        released.countDown();
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException e) {
                // closing anyway
            }
            server = null;
        }
    }

    /** One exec request. Runs on the shared command pool: commands block (sleep, hang, delay). */
    private final class Exec implements Command {
        private final String command;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private final AtomicReference<Future<?>> task = new AtomicReference<>();
        private final CountDownLatch destroyed = new CountDownLatch(1);

        Exec(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            // commands read no stdin from the client
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            received.add(new ReceivedCommand(command, channel.getSession().getUsername(), Instant.now()));
            task.set(SimulatorThreads.COMMANDS.submit(() -> run(channel)));
        }

        private void run(ChannelSession channel) {
            int now = runningCommands.incrementAndGet();
            maxConcurrentCommands.accumulateAndGet(now, Math::max);
            try {
                if (hang) {
                    destroyed.await();
                    return;
                }
                if (!commandDelay.isZero() && destroyed.await(commandDelay.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
                if (dropMidCommand) {
                    RouterShell.write(out, "partial output before the link dropped\n");
                    out.flush();
                    channel.getSession().close(true);
                    return;
                }
                Integer forced = forcedExitCode;
                if (forced != null) {
                    RouterShell.write(err, forcedStderr);
                    err.flush();
                    exit.onExit(forced);
                    return;
                }
                int code;
                try {
                    code = shell.run(command, out, err);
                } catch (RouterShell.AbortedException e) {
                    return;
                }
                out.flush();
                err.flush();
                exit.onExit(code);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | UncheckedIOException e) {
                // the client went away mid-output
            } finally {
                runningCommands.decrementAndGet();
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            destroyed.countDown();
            Future<?> f = task.get();
            if (f != null) {
                f.cancel(true);
            }
        }
    }

    /** Builds a {@link SimulatedRouter}. */
    public static final class Builder {
        private final String hostname;
        private String user = "root";
        private String host = "127.0.0.1";
        private KeyPair hostKey;
        private final List<PublicKey> authorizedKeys = new ArrayList<>();
        private int port;

        private Builder(String hostname) {
            this.hostname = Objects.requireNonNull(hostname);
        }

        /** The login user (default root). */
        public Builder user(String user) {
            this.user = Objects.requireNonNull(user);
            return this;
        }

        /**
         * The address to listen on. Any 127.x.y.z works on Linux without configuration, which lets
         * every simulated router have its own IP (OPMAS requires unique device addresses).
         */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host);
            return this;
        }

        /** The host key; by default a fresh ed25519 key, stable for this router object's lifetime. */
        public Builder hostKey(KeyPair hostKey) {
            this.hostKey = hostKey;
            return this;
        }

        /** An authorized key as an OpenSSH public key line. */
        public Builder authorizedKey(String openSshLine) {
            authorizedKeys.add(parsePublicKey(openSshLine));
            return this;
        }

        public Builder authorizedKey(PublicKey key) {
            authorizedKeys.add(key);
            return this;
        }

        public Builder authorizedKeys(Collection<PublicKey> keys) {
            authorizedKeys.addAll(keys);
            return this;
        }

        /** A fixed port (default: a free one chosen when started). */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public SimulatedRouter build() {
            return new SimulatedRouter(this);
        }

        public SimulatedRouter start() {
            return build().start();
        }
    }
}
