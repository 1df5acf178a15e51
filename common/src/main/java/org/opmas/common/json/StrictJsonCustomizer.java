package org.opmas.common.json;

import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.ConfigProvider;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Makes the service's ObjectMapper (the one Quarkus REST reads request bodies with) strict:
 * <ul>
 * <li>an unknown field is rejected (400 naming its JSON path) instead of silently ignored, so a
 * misspelt {@code enabled} or {@code requires_approval} never leaves a default in force. Fields
 * typed {@code Map} or {@code JsonNode} (JSONB config, conditions, actions) stay open: the flag only
 * concerns properties of typed objects;</li>
 * <li>{@link StreamReadConstraints} from {@link JsonInputLimits}, so nesting and string/number
 * lengths are bounded while parsing.</li>
 * </ul>
 * Kafka events are read with {@code org.opmas.schema.EventJson}, lenient on purpose (a newer
 * producer may add fields), and are not affected.
 */
@Singleton
public class StrictJsonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper, JsonInputLimits.from(ConfigProvider.getConfig()));
    }

    /** The same settings on any mapper; for tests and code that builds its own request mapper. */
    public static ObjectMapper apply(ObjectMapper mapper, JsonInputLimits config) {
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(config.maxNestingDepth())
                .maxStringLength(config.maxStringLength())
                .maxNumberLength(config.maxNumberLength())
                .maxNameLength(config.maxNameLength())
                .build());
        return mapper;
    }
}
