package org.opmas.common.rest;

/**
 * The {@code type} URIs of OPMAS problem responses. URNs rather than URLs: they identify a kind
 * of problem and are stable, without promising a page that can be fetched.
 */
public final class ProblemTypes {

    public static final String VALIDATION = "urn:opmas:problem:validation";
    public static final String MALFORMED_JSON = "urn:opmas:problem:malformed-json";
    public static final String BAD_REQUEST = "urn:opmas:problem:bad-request";
    /** A JSON body nests too deep or carries a string, number or field name longer than allowed. */
    public static final String INPUT_LIMIT = "urn:opmas:problem:input-limit";
    /** The request body is larger than {@code quarkus.http.limits.max-body-size} (413). */
    public static final String PAYLOAD_TOO_LARGE = "urn:opmas:problem:payload-too-large";
    public static final String NOT_FOUND = "urn:opmas:problem:not-found";
    public static final String CONFLICT = "urn:opmas:problem:conflict";
    public static final String FORBIDDEN = "urn:opmas:problem:forbidden";
    public static final String UNAVAILABLE = "urn:opmas:problem:unavailable";
    public static final String INTERNAL = "urn:opmas:problem:internal";
    /** RFC 9457: the problem is fully described by the HTTP status. */
    public static final String BLANK = "about:blank";

    private ProblemTypes() {
    }
}
