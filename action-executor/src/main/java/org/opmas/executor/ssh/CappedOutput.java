package org.opmas.executor.ssh;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the first {@code cap} bytes of a stream and counts the rest, so a router that prints
 * megabytes costs at most the cap in memory.
 */
public final class CappedOutput extends OutputStream {

    /** Captured text and whether bytes were dropped. */
    public record Captured(String text, boolean truncated, long totalBytes) {
        public static final Captured EMPTY = new Captured("", false, 0);
    }

    private final int cap;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long total;
    private boolean closed;

    public CappedOutput(int cap) {
        this.cap = cap;
    }

    @Override
    public synchronized void write(int b) {
        total++;
        if (kept.size() < cap) {
            kept.write(b);
        }
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        total += len;
        int room = cap - kept.size();
        if (room > 0) {
            kept.write(b, off, Math.min(room, len));
        }
    }

    /**
     * JSch closes the stream when the remote end sends EOF or the channel goes away (the channel's
     * streams are set with {@code dontclose=false}); {@link #awaitClosed} lets the worker sleep until
     * then instead of polling the channel.
     */
    @Override
    public synchronized void close() {
        closed = true;
        notifyAll();
    }

    /** Waits up to {@code nanos} for {@link #close}; returns whether the stream is closed. */
    public synchronized boolean awaitClosed(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        while (!closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The kept bytes as UTF-8 (a multi-byte character cut at the cap becomes U+FFFD). */
    public synchronized Captured captured() {
        return new Captured(kept.toString(StandardCharsets.UTF_8), total > kept.size(), total);
    }
}
