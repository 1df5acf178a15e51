package org.opmas.common.tenant;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where a request's tenant comes from (docs/SECURITY.md, "Tenant isolation"). */
@ConfigMapping(prefix = "opmas.tenancy")
public interface TenancyConfig {

    /** The JWT claim naming the caller's tenant; {@code *} in it means every tenant. */
    @WithDefault("tenant")
    String claim();

    /**
     * The tenant of a token without that claim. {@code *} (every tenant) suits a single-tenant
     * installation and the launcher's tokens; a multi-tenant deployment sets it to a tenant that owns
     * nothing (e.g. {@code none}) so that a token its identity provider forgot to scope sees nothing.
     */
    @WithDefault("*")
    String unclaimed();
}
