package org.opmas.playbook.rendering;

/** POSIX shell quoting for busybox ash. */
public final class ShellQuote {

    private ShellQuote() {
    }

    /**
     * The string as one single-quoted shell word: inside single quotes nothing is special, and a
     * single quote is written as {@code '\''} (close, escaped quote, reopen). NUL cannot be passed
     * through a shell at all and is rejected.
     */
    public static String quote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("NUL cannot be quoted for a shell");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
