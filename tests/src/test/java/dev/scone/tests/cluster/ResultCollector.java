package dev.scone.tests.cluster;

import dev.scone.kafka.ByteClients;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.schemas.Result;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads scone.results from the beginning with {@code isolation.level=read_committed} in a
 * background thread, the way a downstream application would, and remembers when each result became
 * visible: the time results flow again after a failure is read off these arrival times.
 *
 * <p>It assigns itself every partition instead of joining a consumer group and counts each log
 * position once: a group rebalance after a broker restart would otherwise rewind it to the last
 * committed offset, and records read twice would look like duplicates the service never wrote.
 */
final class ResultCollector implements AutoCloseable {

    /** A result and when this reader saw it, epoch milliseconds. */
    record Arrival(Result result, long atMillis) {}

    private final List<Arrival> arrivals = new ArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread reader;

    private ResultCollector(KafkaClientProperties kafka) {
        Properties properties = ByteClients.assigningCommittedReader(kafka.toProperties());
        this.reader =
                new Thread(
                        () -> {
                            SingleObjectCodec<Result> codec = SingleObjectCodec.results();
                            Set<String> positions = new HashSet<>();
                            try (KafkaConsumer<byte[], byte[]> consumer =
                                    new KafkaConsumer<>(properties)) {
                                List<TopicPartition> partitions = new ArrayList<>();
                                for (PartitionInfo info : consumer.partitionsFor("scone.results")) {
                                    partitions.add(
                                            new TopicPartition("scone.results", info.partition()));
                                }
                                consumer.assign(partitions);
                                consumer.seekToBeginning(partitions);
                                while (running.get()) {
                                    for (ConsumerRecord<byte[], byte[]> record :
                                            consumer.poll(Duration.ofMillis(200))) {
                                        if (!positions.add(
                                                record.partition() + "@" + record.offset())) {
                                            continue;
                                        }
                                        Arrival arrival =
                                                new Arrival(
                                                        codec.decode(record.value()),
                                                        System.currentTimeMillis());
                                        synchronized (arrivals) {
                                            arrivals.add(arrival);
                                        }
                                    }
                                }
                            }
                        },
                        "result-collector");
        reader.setDaemon(true);
    }

    static ResultCollector start(KafkaClientProperties kafka) {
        ResultCollector collector = new ResultCollector(kafka);
        collector.reader.start();
        return collector;
    }

    /** Every result seen so far whose id starts with {@code prefix}, in arrival order. */
    List<Arrival> arrivals(String prefix) {
        List<Arrival> matching = new ArrayList<>();
        synchronized (arrivals) {
            for (Arrival arrival : arrivals) {
                if (arrival.result().getId().startsWith(prefix)) {
                    matching.add(arrival);
                }
            }
        }
        return matching;
    }

    /** Results per id for ids starting with {@code prefix}: more than one means a duplicate. */
    Map<String, List<Result>> byId(String prefix) {
        Map<String, List<Result>> results = new LinkedHashMap<>();
        for (Arrival arrival : arrivals(prefix)) {
            results.computeIfAbsent(arrival.result().getId(), id -> new ArrayList<>())
                    .add(arrival.result());
        }
        return results;
    }

    /** Waits until a result for every one of {@code ids} was seen, at most {@code limit}. */
    boolean awaitIds(String prefix, Collection<String> ids, Duration limit)
            throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (seen(prefix).containsAll(ids)) {
                return true;
            }
            Thread.sleep(200);
        }
        return seen(prefix).containsAll(ids);
    }

    private Set<String> seen(String prefix) {
        return new HashSet<>(byId(prefix).keySet());
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        reader.join(10_000);
    }
}
