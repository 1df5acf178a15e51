package org.opmas.bench.scenario;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.opmas.bench.core.BenchOptions;
import org.opmas.bench.core.BenchStack;
import org.opmas.bench.core.Report;
import org.opmas.bench.core.Scenario;
import org.opmas.bench.core.SyslogLoad;
import org.opmas.bench.core.Table;

/**
 * The machine's raw Kafka rate against the stack's broker, with Kafka's own ProducerPerformance and
 * ConsumerPerformance (each in its own JVM), for real DeviceLogEvent payloads taken from
 * {@code opmas.device.logs} and device-service's producer settings, so the ingest figure reads as a
 * fraction of it. Options: {@code --records 2000000 --samples 1000}.
 */
public final class KafkaLimitScenario implements Scenario {

    static final String TOPIC = "bench.kafka-limit";
    private static final Pattern PRODUCER_RATE = Pattern.compile("records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\)");

    @Override
    public void run(BenchStack stack, BenchOptions options, Report report) throws Exception {
        int records = options.integer("records", 2_000_000);
        int samples = options.integer("samples", 1000);
        List<String> payloads;
        try (SyslogLoad load = IngestScenario.registerSources(stack, 50, 65)) {
            load.run(samples, 1.0);
            payloads = samplePayloads(stack, samples);
        }
        double averageBytes = payloads.stream().mapToInt(p -> p.getBytes(StandardCharsets.UTF_8).length).average().orElseThrow();
        Path payloadFile = Files.createTempFile("opmas-bench-payloads", ".txt");
        Files.writeString(payloadFile, String.join("\n", payloads), StandardCharsets.UTF_8);
        int partitions = partitions(stack, IngestScenario.LOGS_TOPIC);
        try (Admin admin = admin(stack)) {
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) 1))).all().get();
        }
        try {
            String producer = runTool("org.apache.kafka.tools.ProducerPerformance", "--topic", TOPIC,
                    "--num-records", Integer.toString(records), "--throughput", "-1",
                    "--payload-file", payloadFile.toString(), "--payload-delimiter", "\n",
                    "--producer-props", "bootstrap.servers=" + stack.kafkaBootstrap(), "acks=all",
                    "enable.idempotence=true", "linger.ms=10", "batch.size=262144", "compression.type=lz4");
            String consumer = runTool("org.apache.kafka.tools.ConsumerPerformance", "--bootstrap-server",
                    stack.kafkaBootstrap(), "--topic", TOPIC, "--messages", Integer.toString(records),
                    "--timeout", "60000");
            double produced = producerRate(producer);
            double consumed = consumerRate(consumer);
            report.json().put("records", records).put("average_record_bytes", Math.round(averageBytes))
                    .put("partitions", partitions).put("produce_per_s", produced).put("consume_per_s", consumed);
            report.table(new Table("kafka-limit: Kafka's perf tools, " + records + " DeviceLogEvent-sized records ("
                    + Math.round(averageBytes) + " B avg, lz4, acks=all), " + partitions + " partitions",
                    "produce records/s", "consume records/s")).row(produced, consumed);
        } finally {
            Files.deleteIfExists(payloadFile);
        }
    }

    /** The throughput of ProducerPerformance's final summary line. */
    static double producerRate(String output) {
        double rate = Double.NaN;
        Matcher m = PRODUCER_RATE.matcher(output);
        while (m.find()) {
            rate = Double.parseDouble(m.group(1)); // the last match is the whole-run summary
        }
        if (Double.isNaN(rate)) {
            throw new IllegalStateException("no summary in ProducerPerformance output:\n" + output);
        }
        return rate;
    }

    /** nMsg.sec from ConsumerPerformance's CSV line (the line after the header naming it). */
    static double consumerRate(String output) {
        String[] lines = output.split("\n");
        for (int i = 0; i < lines.length - 1; i++) {
            if (lines[i].contains("nMsg.sec")) {
                List<String> header = List.of(lines[i].split(",\\s*"));
                String[] values = lines[i + 1].split(",\\s*");
                return Double.parseDouble(values[header.indexOf("nMsg.sec")].trim());
            }
        }
        throw new IllegalStateException("no nMsg.sec in ConsumerPerformance output:\n" + output);
    }

    private static String runTool(String mainClass, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(mainClass + " failed:\n" + output);
        }
        System.out.print(output);
        return output;
    }

    private static List<String> samplePayloads(BenchStack stack, int samples) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        List<String> payloads = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(IngestScenario.LOGS_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (payloads.size() < samples && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    payloads.add(record.value());
                }
            }
        }
        if (payloads.isEmpty()) {
            throw new IllegalStateException("no DeviceLogEvent on " + IngestScenario.LOGS_TOPIC + " to size the payloads");
        }
        return payloads.subList(0, Math.min(samples, payloads.size()));
    }

    private static int partitions(BenchStack stack, String topic) throws Exception {
        try (Admin admin = admin(stack)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        }
    }

    private static Admin admin(BenchStack stack) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrap());
        return Admin.create(config);
    }
}
