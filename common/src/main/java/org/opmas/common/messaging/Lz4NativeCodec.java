package org.opmas.common.messaging;

import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;

import net.jpountz.lz4.LZ4Factory;
import net.jpountz.util.Native;

import io.quarkus.logging.Log;
import io.quarkus.runtime.StartupEvent;

/**
 * Loads lz4-java's native library at start, so Kafka compresses and decompresses lz4 batches in C
 * rather than in its pure-Java fallback.
 *
 * <p>Why this is needed: Kafka asks {@code LZ4Factory.fastestInstance()} for a codec per record
 * batch, and that only tries the native library when it is already loaded or when lz4-java sits on
 * the system class loader. In a Quarkus application it sits on Quarkus' own class loader, so every
 * service fell back to the Java codec — and since lz4-java 1.8.1 that is the slowest one ("safe":
 * the Unsafe variant was retired over CVE-2025-12183). In a profile of device-service at 20,000
 * lines/s the Java compressor was a quarter of the process's Java samples (docs/benchmarks/system.md). Loading
 * the library ourselves makes {@code fastestInstance()} return the native codec from then on; the
 * bytes on the wire are the same lz4 frames either way.
 *
 * <p>The library is extracted to {@code java.io.tmpdir} and loaded by JNI. Where that cannot work
 * (no writable temp directory, a platform lz4-java ships no library for) the service goes on with
 * the Java codec and says so once.
 */
@Singleton
public class Lz4NativeCodec {

    /** Before the messaging channels connect, so the first batches are compressed natively too. */
    void load(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        try {
            Native.load();
        } catch (Throwable e) { // UnsatisfiedLinkError and friends: fall back, never fail the start
            Log.infof("lz4 native library not loaded (%s); Kafka uses lz4-java's pure-Java codec", e.toString());
            return;
        }
        Log.debugf("lz4 codec for Kafka: %s", LZ4Factory.fastestInstance());
    }

    /** True once the native library is loaded: Kafka's lz4 batches are then compressed in C. */
    public boolean nativeLoaded() {
        return Native.isLoaded();
    }
}
