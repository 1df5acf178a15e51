package org.opmas.agent.engine;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.opmas.agent.engine.model.CompiledRule;
import org.opmas.agent.engine.model.RuleCompiler;
import org.opmas.agent.engine.model.RuleSpec;
import org.opmas.schema.EventJson;

/**
 * The default rule set exactly as the V20_1 migration seeds it (read from the schema jar), so unit
 * tests and the benchmark exercise the shipped regexes, not a copy of them.
 */
public final class SeedRules {

    private static final Pattern INSERT = Pattern.compile(
            "SELECT a\\.id, '((?:[^']|'')*)', '(?:[^']|'')*', '(\\w+)',\\s*'((?:[^']|'')*)'::jsonb,\\s*'((?:[^']|'')*)'::jsonb, (-?\\d+), true\\s*"
                    + "FROM agents a WHERE a\\.name = '(\\w+)'");

    private SeedRules() {
    }

    public static List<RuleSpec> specs() {
        String sql;
        try (InputStream in = SeedRules.class.getClassLoader()
                .getResourceAsStream("db/migration/V20_1__default_agents_and_rules.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("seed migration not on the classpath", e);
        }
        List<RuleSpec> specs = new ArrayList<>();
        Matcher m = INSERT.matcher(sql);
        long id = 1;
        while (m.find()) {
            String agent = m.group(6);
            long agentId = switch (agent) {
                case "wifi" -> 1;
                case "security" -> 2;
                case "health" -> 3;
                default -> 4;
            };
            specs.add(new RuleSpec(id++, m.group(1).replace("''", "'"), agentId, agent, Integer.parseInt(m.group(5)),
                    m.group(2), json(m.group(3)), json(m.group(4)), "v1"));
        }
        return specs;
    }

    public static List<CompiledRule> compiled() {
        return specs().stream().map(RuleCompiler::compile).toList();
    }

    public static CompiledRule named(String name) {
        return compiled().stream().filter(r -> r.ruleName().equals(name)).findFirst().orElseThrow();
    }

    private static JsonNode json(String text) {
        return EventJson.fromJson(text.replace("''", "'"), JsonNode.class);
    }
}
