package org.opmas.device.inventory;

import java.time.Instant;
import java.util.Map;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** A router of the inventory (table {@code devices}). */
@Entity
@Table(name = "devices")
public class Device {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Integer id;

    /** The tenant that owns the device (migration V60_1); its keys, findings and actions follow it. */
    @Column(name = "tenant_id", nullable = false, columnDefinition = "text")
    public String tenantId;

    @Column(nullable = false, length = 255)
    public String hostname;

    /**
     * INET in the database, the address text here. {@code host()} reads it without a netmask
     * (the API only accepts single addresses). The double cast types the parameter as text, which
     * PostgreSQL parses; the reactive client refuses a String for a parameter typed inet.
     */
    @Column(name = "ip_address", nullable = false, columnDefinition = "inet")
    @ColumnTransformer(read = "host(ip_address)", write = "CAST(CAST(? AS text) AS inet)")
    public String ipAddress;

    @Column(length = 255)
    public String model;

    @Column(name = "firmware_version", length = 50)
    public String firmwareVersion;

    @Column(length = 20)
    public String status;

    /** Written in batches by the last-seen tracker only, never by an inventory update. */
    @Column(name = "last_seen_at", insertable = false, updatable = false)
    public Instant lastSeenAt;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    public Map<String, Object> config;

    /** Set by the database default; read back after insert. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    /** Set by the database (default and trigger); read back after each write. */
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;
}
