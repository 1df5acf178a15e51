package org.opmas.common.security;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;

/**
 * Who is making the current request: the name of the bearer token's principal ({@code upn}, else
 * {@code preferred_username}, else {@code sub}). Approvals, finding transitions, key changes and
 * kill-switch changes record this, never a name the client sends.
 *
 * <p>A Uni because authentication is lazy and endpoints run on the event loop, where the identity
 * must not be resolved synchronously; by the time an endpoint runs the permission check has already
 * resolved it, so the Uni completes at once.
 */
@ApplicationScoped
public class ActingSubject {

    private final CurrentIdentityAssociation identities;

    public ActingSubject(CurrentIdentityAssociation identities) {
        this.identities = identities;
    }

    /** The subject of the current request's token; fails with UnauthorizedException if the request has none. */
    public Uni<String> name() {
        return identities.getDeferredIdentity().map(ActingSubject::nameOf);
    }

    static String nameOf(SecurityIdentity identity) {
        if (identity == null || identity.isAnonymous() || identity.getPrincipal() == null) {
            throw new UnauthorizedException();
        }
        String name = identity.getPrincipal().getName();
        if (name == null || name.isBlank()) {
            throw new UnauthorizedException();
        }
        return name;
    }
}
