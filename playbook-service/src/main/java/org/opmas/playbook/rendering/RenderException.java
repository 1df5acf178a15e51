package org.opmas.playbook.rendering;

/**
 * A step cannot be rendered for this finding (a value is missing or fails its type). The action is
 * not run; the message says which value and why, and never repeats the rejected value verbatim
 * beyond a short, sanitised excerpt.
 */
public class RenderException extends Exception {

    private final String field;

    public RenderException(String field, String message) {
        super(message, null, false, false);
        this.field = field;
    }

    /** The placeholder path or config field that failed, e.g. {@code details.source_ip}. */
    public String field() {
        return field;
    }
}
