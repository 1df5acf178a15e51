package org.opmas.common.tenant;

import io.quarkus.security.ForbiddenException;

/** 403 whose message says which tenant rule refused the request (shown as the problem's detail). */
public class TenantForbiddenException extends ForbiddenException {

    public TenantForbiddenException(String message) {
        super(message);
    }
}
