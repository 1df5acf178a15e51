package org.opmas.devkit.security;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code ./opmas token --role viewer|operator|admin|ingest [--subject name] [--tenant t] [--ttl 8h]}: prints a
 * bearer token signed with this installation's key (see {@link DevTokens#forInstallation(Path)}).
 */
public final class TokenCommand {

    static final List<String> ROLES = List.of(DevTokens.VIEWER, DevTokens.OPERATOR, DevTokens.ADMIN, DevTokens.INGEST);

    private TokenCommand() {
    }

    public static void main(String[] args) {
        try {
            Request request = parse(args);
            Path home = Path.of(System.getProperty("opmas.home", ".opmas"));
            System.out.println(DevTokens.forInstallation(home)
                    .mintForTenant(request.subject(), Set.of(request.role()), request.tenant(), request.ttl()));
        } catch (IllegalArgumentException e) {
            System.err.println("opmas token: " + e.getMessage());
            System.err.println("usage: ./opmas token --role " + String.join("|", ROLES) + " [--subject name] [--tenant t|*] [--ttl 8h]");
            System.exit(2);
        }
    }

    record Request(String role, String subject, String tenant, Duration ttl) {
    }

    static Request parse(String[] args) {
        String role = null;
        String subject = null;
        String tenant = null;
        Duration ttl = Duration.ofHours(8);
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--role" -> role = value.toLowerCase(Locale.ROOT);
                case "--subject" -> subject = value;
                case "--tenant" -> tenant = value;
                case "--ttl" -> ttl = parseTtl(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        if (role == null) {
            throw new IllegalArgumentException("--role is required");
        }
        if (!ROLES.contains(role)) {
            throw new IllegalArgumentException("unknown role '" + role + "' (one of " + String.join(", ", ROLES) + ")");
        }
        if (subject == null) {
            subject = System.getProperty("user.name", "developer") + "-" + role;
        }
        if (subject.isBlank()) {
            throw new IllegalArgumentException("--subject must not be blank");
        }
        if (tenant != null && !tenant.equals("*") && !tenant.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("--tenant must be * or a tenant id (lower-case letters, digits, . _ -), was '" + tenant + "'");
        }
        return new Request(role, subject, tenant, ttl);
    }

    /** {@code 30m}, {@code 8h}, {@code 7d} or an ISO-8601 duration ({@code PT8H}). */
    static Duration parseTtl(String value) {
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            Duration ttl;
            if (v.startsWith("p")) {
                ttl = Duration.parse(v.toUpperCase(Locale.ROOT));
            } else {
                long amount = Long.parseLong(v.substring(0, v.length() - 1));
                ttl = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Duration.ofSeconds(amount);
                    case 'm' -> Duration.ofMinutes(amount);
                    case 'h' -> Duration.ofHours(amount);
                    case 'd' -> Duration.ofDays(amount);
                    default -> throw new IllegalArgumentException();
                };
            }
            if (ttl.isNegative() || ttl.isZero()) {
                throw new IllegalArgumentException();
            }
            return ttl;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("--ttl must be a positive duration like 30m, 8h or 7d, was '" + value + "'");
        }
    }
}
