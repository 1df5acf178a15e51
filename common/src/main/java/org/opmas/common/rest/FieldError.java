package org.opmas.common.rest;

/**
 * One rejected input of a problem response: {@code field} is the JSON path as the client sent it
 * ({@code hostname}, {@code config.ssh_port}, {@code items[2].name}) or a query/path parameter
 * name; it is null when the error cannot be pinned to one field.
 */
public record FieldError(String field, String message) {
}
