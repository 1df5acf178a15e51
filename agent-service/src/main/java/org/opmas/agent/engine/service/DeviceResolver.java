package org.opmas.agent.engine.service;

/** Finds a device id for a log line that came without one. */
@FunctionalInterface
public interface DeviceResolver {

    /** The device id of this hostname (preferred) or source IP; null when unknown. */
    Long resolve(String hostname, String sourceIp);
}
