package io.strimzi.crdgenerator.annotations;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Test-only stand-in for Strimzi's crd-generator annotation, which is not published to Maven
 * Central. io.strimzi:api's model classes carry it (runtime-visible) on properties that exist only in
 * some API versions (e.g. {@code Kafka.spec.kafka.replicas}: "v1beta2"). With this type on the
 * classpath, reflection can read it, and SchemaValidationTest rejects a field that the manifest's
 * apiVersion lacks. Same name and element as the original.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.METHOD, ElementType.FIELD, ElementType.TYPE })
public @interface PresentInVersions {
    String value();
}
