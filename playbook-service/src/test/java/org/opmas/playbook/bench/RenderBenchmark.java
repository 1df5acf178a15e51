package org.opmas.playbook.bench;

import java.util.concurrent.TimeUnit;

import org.opmas.playbook.rendering.ActionRenderer;
import org.opmas.playbook.rendering.CommandTemplate;
import org.opmas.playbook.rendering.RenderContext;
import org.opmas.playbook.rendering.RenderException;
import org.opmas.schema.EventJson;
import org.opmas.schema.events.ActionType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Cost of the safety layer per step: validating a template at save time, rendering a typed action
 * with a finding's values, and rejecting a hostile value. Not part of the test run; see
 * docs/benchmarks/playbook-service.md for the command.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class RenderBenchmark {

    private static final String TEMPLATE = "logread | grep -F {{details.source_ip:ip}} | tail -n 20; "
            + "iw dev {{details.interface:iface}} station dump";

    private JsonNode blockIp;
    private JsonNode sshCommand;
    private RenderContext good;
    private RenderContext hostile;

    @Setup
    public void setup() {
        blockIp = EventJson.fromJson("{\"ip\":\"{{details.source_ip:ip}}\"}", JsonNode.class);
        sshCommand = EventJson.fromJson("{\"command\":" + EventJson.toJson(TEMPLATE) + "}", JsonNode.class);
        good = RenderContext.of(EventJson.fromJson("{\"source_ip\":\"198.51.100.7\",\"interface\":\"wlan0\"}",
                JsonNode.class), null, null, null);
        hostile = RenderContext.of(EventJson.fromJson("{\"source_ip\":\"'; reboot; '\",\"interface\":\"$(id)\"}",
                JsonNode.class), null, null, null);
    }

    @Benchmark
    public Object validateTemplateOnSave() {
        return ActionRenderer.validate(ActionType.SSH_COMMAND, sshCommand);
    }

    @Benchmark
    public Object renderSshCommand() throws RenderException {
        return ActionRenderer.render(ActionType.SSH_COMMAND, sshCommand, good);
    }

    @Benchmark
    public Object renderBlockIp() throws RenderException {
        return ActionRenderer.render(ActionType.BLOCK_IP, blockIp, good);
    }

    @Benchmark
    public Object rejectHostileValue() throws CommandTemplate.TemplateSyntaxException {
        try {
            return ActionRenderer.render(ActionType.BLOCK_IP, blockIp, hostile);
        } catch (RenderException expected) {
            return expected;
        }
    }

    public static void main(String[] args) throws RunnerException {
        new Runner(new OptionsBuilder().include(RenderBenchmark.class.getSimpleName()).build()).run();
    }
}
