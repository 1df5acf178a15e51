package org.opmas.common.security;

import java.util.List;

/**
 * The roles a token carries in its {@code groups} claim. Each is granted through the HTTP permission
 * table of a service's application.properties (shared policies in common's
 * META-INF/microprofile-config.properties): {@code admin} may do everything an {@code operator} may,
 * who may do everything a {@code viewer} may; {@code ingest} may only post logs.
 */
public final class Roles {

    /** Reads every {@code /api/v1} resource. */
    public static final String VIEWER = "viewer";
    /** Decides about actions (approve, reject, cancel), moves findings through their lifecycle, runs playbooks. */
    public static final String OPERATOR = "operator";
    /** Changes what OPMAS is and may do: devices, keys, agents, rules, playbooks, settings, kill switch. */
    public static final String ADMIN = "admin";
    /** A log shipper: may post logs to the ingest endpoint and nothing else. */
    public static final String INGEST = "ingest";

    /** The interactive roles, lowest first: each includes the ones before it. */
    public static final List<String> HIERARCHY = List.of(VIEWER, OPERATOR, ADMIN);

    private Roles() {
    }
}
