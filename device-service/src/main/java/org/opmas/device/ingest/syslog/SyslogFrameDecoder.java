package org.opmas.device.ingest.syslog;

/**
 * Splits a TCP syslog stream into frames (RFC 6587), detecting the framing per frame: a frame
 * that starts with a digit is octet-counted ({@code LEN SP MSG}), anything else ends at LF
 * (a trailing CR is removed). Memory per connection is bounded by {@code maxFrameBytes}: the
 * part of a frame beyond it is skipped as it arrives, and the frame is delivered cut, flagged
 * oversized. Not thread-safe: one decoder per connection, fed by its event loop.
 */
public final class SyslogFrameDecoder {

    /** Receives complete frames; {@code bytes} is reused after the call returns. */
    @FunctionalInterface
    public interface FrameHandler {
        void frame(byte[] bytes, int length, boolean oversized);
    }

    private enum State { START, LENGTH, OCTETS, LINE, SKIP_LINE }

    /** More length digits than this cannot be an octet count within the limit: read it as a line. */
    private static final int MAX_LENGTH_DIGITS = 9;

    private final int maxFrameBytes;
    private final FrameHandler handler;
    private final byte[] frame;
    private int length;
    private State state = State.START;
    private long remaining;
    private boolean oversized;

    public SyslogFrameDecoder(int maxFrameBytes, FrameHandler handler) {
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
        this.frame = new byte[maxFrameBytes + MAX_LENGTH_DIGITS + 1];
    }

    public void feed(byte[] data, int offset, int count) {
        int end = offset + count;
        int i = offset;
        while (i < end) {
            byte b = data[i];
            switch (state) {
                case START -> {
                    if (b == '\n' || b == '\r' || b == 0) {
                        i++;
                    } else if (b >= '0' && b <= '9') {
                        state = State.LENGTH;
                    } else {
                        state = State.LINE;
                    }
                }
                case LENGTH -> {
                    if (b >= '0' && b <= '9' && length < MAX_LENGTH_DIGITS) {
                        frame[length++] = b;
                        i++;
                    } else if (b == ' ') {
                        remaining = parseLength();
                        length = 0;
                        i++;
                        if (remaining == 0) {
                            state = State.START;
                        } else {
                            state = State.OCTETS;
                        }
                    } else {
                        // not an octet count after all ("2026 ..." or a line of digits): it is a line
                        state = State.LINE;
                    }
                }
                case OCTETS -> {
                    int take = (int) Math.min(remaining, end - i);
                    int keep = Math.min(take, maxFrameBytes - length);
                    if (keep > 0) {
                        System.arraycopy(data, i, frame, length, keep);
                        length += keep;
                    }
                    if (keep < take) {
                        oversized = true;
                    }
                    i += take;
                    remaining -= take;
                    if (remaining == 0) {
                        emit();
                    }
                }
                case LINE -> {
                    int newline = indexOf(data, i, end, (byte) '\n');
                    int stop = newline < 0 ? end : newline;
                    int keep = Math.min(stop - i, maxFrameBytes - length);
                    System.arraycopy(data, i, frame, length, keep);
                    length += keep;
                    if (newline >= 0 && keep == newline - i) {
                        if (length > 0 && frame[length - 1] == '\r') {
                            length--;
                        }
                        i = newline + 1;
                        emit();
                    } else if (length >= maxFrameBytes) {
                        oversized = true;
                        i += keep;
                        state = State.SKIP_LINE;
                    } else {
                        i = end;
                    }
                }
                case SKIP_LINE -> {
                    int newline = indexOf(data, i, end, (byte) '\n');
                    if (newline < 0) {
                        i = end;
                    } else {
                        i = newline + 1;
                        emit();
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
    }

    /** Delivers what is left when the connection closes (a last line without LF). */
    public void finish() {
        if ((state == State.LINE || state == State.LENGTH || state == State.SKIP_LINE) && length > 0) {
            emit();
        } else if (state == State.OCTETS && length > 0) {
            // the sender announced more than it sent: deliver what arrived, cut
            oversized = true;
            emit();
        }
        reset();
    }

    private long parseLength() {
        long value = 0;
        for (int k = 0; k < length; k++) {
            value = value * 10 + (frame[k] - '0');
        }
        return value;
    }

    private void emit() {
        try {
            handler.frame(frame, length, oversized);
        } finally {
            reset();
        }
    }

    private void reset() {
        length = 0;
        oversized = false;
        remaining = 0;
        state = State.START;
    }

    private static int indexOf(byte[] data, int from, int to, byte value) {
        for (int i = from; i < to; i++) {
            if (data[i] == value) {
                return i;
            }
        }
        return -1;
    }
}
