package org.opmas.common.tenant;

import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.hibernate.reactive.mutiny.Mutiny;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The tenant an API request works for, and the one place that tells PostgreSQL about it.
 *
 * <p>Isolation is enforced by the row-level security policies of migration V60_1, not by the services'
 * queries: every API transaction first runs {@code set_config('opmas.tenant', <tenant>, true)} — local
 * to that transaction, so a pooled connection never carries it into the next one — and from then on
 * the database shows and accepts only that tenant's devices, keys, findings and actions. A query that
 * forgets a tenant filter therefore still cannot leak. Kafka consumers and schedulers name no tenant:
 * the pipeline itself is system-wide.
 *
 * <p>The tenant comes from the bearer token's claim ({@link TenancyConfig#claim()}); {@value #ALL}
 * means every tenant.
 */
@ApplicationScoped
public class TenantScope {

    /** The tenant value that sees every tenant. */
    public static final String ALL = "*";
    /** The tenant of devices created without one. */
    public static final String DEFAULT_TENANT = "default";
    /** What a tenant id may look like; the same check as the devices.tenant_id constraint. */
    public static final Pattern TENANT_ID = Pattern.compile("^[a-z0-9][a-z0-9._-]{0,62}$");

    static final String SET_TENANT_SQL = "SELECT set_config('opmas.tenant', $1, true)";

    private final CurrentIdentityAssociation identities;
    private final TenancyConfig config;

    public TenantScope(CurrentIdentityAssociation identities, TenancyConfig config) {
        this.identities = identities;
        this.config = config;
    }

    /** The tenant of the current request: a tenant id or {@value #ALL}. */
    public Uni<String> current() {
        return identities.getDeferredIdentity().map(this::tenantOf);
    }

    String tenantOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous()) {
            throw new UnauthorizedException();
        }
        String tenant = null;
        if (identity.getPrincipal() instanceof JsonWebToken jwt) {
            Object claim = jwt.getClaim(config.claim());
            if (claim != null) {
                tenant = claim.toString();
                // JsonString.toString() keeps the quotes.
                if (tenant.length() >= 2 && tenant.startsWith("\"") && tenant.endsWith("\"")) {
                    tenant = tenant.substring(1, tenant.length() - 1);
                }
            }
        }
        if (tenant == null) {
            tenant = config.unclaimed();
        }
        if (!ALL.equals(tenant) && !TENANT_ID.matcher(tenant).matches()) {
            // A token naming a tenant that cannot exist is a misconfigured identity provider: refuse,
            // never fall back to something broader.
            throw new TenantForbiddenException("the token's " + config.claim() + " claim is not a valid tenant id");
        }
        return tenant;
    }

    /**
     * Fails with 403 unless the request works for every tenant. Guards what all tenants share —
     * agents, rules, playbooks, settings, the kill switch, the master key — so that an admin of one
     * tenant cannot change how OPMAS treats another tenant's routers.
     */
    public Uni<Void> requireAllTenants() {
        return current().invoke(tenant -> {
            if (!ALL.equals(tenant)) {
                throw new TenantForbiddenException("this changes what every tenant shares; it needs a token for all tenants"
                        + " (" + config.claim() + " claim '*'), this one is limited to tenant '" + tenant + "'");
            }
        }).replaceWithVoid();
    }

    /**
     * Runs {@code work} in a Hibernate Reactive (Panache) transaction that is limited to the current
     * request's tenant. Reads go through here too: outside a transaction the setting would not hold.
     */
    public <T> Uni<T> withTransaction(Supplier<Uni<T>> work) {
        return current().chain(tenant -> Panache.withTransaction(
                () -> Panache.getSession().chain(session -> enter(session, tenant)).chain(() -> work.get())));
    }

    /** Like {@link #withTransaction(Supplier)}, on a plain reactive connection of {@code pool}. */
    public <T> Uni<T> withTransaction(Pool pool, Function<SqlConnection, Uni<T>> work) {
        return current().chain(tenant -> pool.withTransaction(
                connection -> enter(connection, tenant).chain(() -> work.apply(connection))));
    }

    /** Names {@code tenant} for the rest of the session's current transaction. */
    public static Uni<Void> enter(Mutiny.Session session, String tenant) {
        return session.createNativeQuery("SELECT set_config('opmas.tenant', ?1, true)", String.class)
                .setParameter(1, tenant)
                .getSingleResult()
                .replaceWithVoid();
    }

    /** Names {@code tenant} for the rest of the connection's current transaction. */
    public static Uni<Void> enter(SqlConnection connection, String tenant) {
        return connection.preparedQuery(SET_TENANT_SQL).execute(Tuple.of(tenant)).replaceWithVoid();
    }

    /** True when {@code tenant} may see or write rows of {@code rowTenant}. */
    public static boolean covers(String tenant, String rowTenant) {
        return ALL.equals(tenant) || tenant.equals(rowTenant);
    }
}
