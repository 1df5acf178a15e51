package org.opmas.common.security;

import org.jboss.logging.Logger;

/**
 * Who changed what, as one line per change in the {@value #CATEGORY} log category (route it to its
 * own file or SIEM with {@code quarkus.log.category."opmas.audit".*}). The subject is the bearer
 * token's ({@link ActingSubject}), read when the request arrives, so a client cannot write someone
 * else's name.
 */
public final class AuditLog {

    public static final String CATEGORY = "opmas.audit";
    // A named category rather than the caller's class: operators filter and ship audit lines on their own.
    private static final Logger AUDIT = Logger.getLogger(CATEGORY);

    private AuditLog() {
    }

    /** {@code subject} did {@code action} ({@code ssh-key.upload}) to {@code target} ({@code device/12/ssh-key/34}). */
    public static void record(String subject, String action, String target) {
        AUDIT.infof("subject=%s action=%s target=%s", subject, action, target);
    }
}
