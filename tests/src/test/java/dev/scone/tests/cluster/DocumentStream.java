package dev.scone.tests.cluster;

import dev.scone.kafka.ByteClients;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.schemas.Document;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends documents to scone.documents at a steady rate from a background thread, with an idempotent
 * producer that rides out a broker restart (it buffers and retries for up to two minutes), so the
 * topic receives every document exactly once.
 */
final class DocumentStream implements AutoCloseable {

    private final Thread sender;
    private final AtomicInteger handedOver = new AtomicInteger();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final int total;
    private volatile long startedAtMillis;

    private DocumentStream(
            KafkaClientProperties kafka, List<Document> documents, double perSecond) {
        this.total = documents.size();
        Properties properties = ByteClients.idempotentProducerProperties(kafka);
        properties.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        long intervalNanos = (long) (1e9 / perSecond);
        this.sender =
                new Thread(
                        () -> {
                            SingleObjectCodec<Document> codec = SingleObjectCodec.documents();
                            try (KafkaProducer<byte[], byte[]> producer =
                                    new KafkaProducer<>(properties)) {
                                startedAtMillis = System.currentTimeMillis();
                                long start = System.nanoTime();
                                for (int i = 0; i < documents.size(); i++) {
                                    long due = start + i * intervalNanos;
                                    long wait = due - System.nanoTime();
                                    if (wait > 0) {
                                        TimeUnit.NANOSECONDS.sleep(wait);
                                    }
                                    Document document = documents.get(i);
                                    producer.send(
                                            new ProducerRecord<>(
                                                    "scone.documents",
                                                    document.getId()
                                                            .getBytes(StandardCharsets.UTF_8),
                                                    codec.encode(document)),
                                            (metadata, exception) -> {
                                                if (exception != null) {
                                                    failure.compareAndSet(null, exception);
                                                } else {
                                                    acknowledged.incrementAndGet();
                                                }
                                            });
                                    handedOver.incrementAndGet();
                                }
                                producer.flush();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            } catch (RuntimeException e) {
                                failure.compareAndSet(null, e);
                            }
                        },
                        "document-stream");
        sender.setDaemon(true);
    }

    /** Starts sending {@code documents}, {@code perSecond} of them per second. */
    static DocumentStream start(
            KafkaClientProperties kafka, List<Document> documents, double perSecond) {
        DocumentStream stream = new DocumentStream(kafka, documents, perSecond);
        stream.sender.start();
        return stream;
    }

    /** Documents handed to the producer so far. */
    int handedOver() {
        return handedOver.get();
    }

    /** When the first document was sent, epoch milliseconds (0 before). */
    long startedAtMillis() {
        return startedAtMillis;
    }

    /** Waits until {@code count} documents were handed to the producer, at most {@code limit}. */
    boolean awaitHandedOver(int count, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (handedOver.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        return handedOver.get() >= count;
    }

    /**
     * Waits until every document is acknowledged by the broker.
     *
     * @throws AssertionError naming the first send failure, or how many were acknowledged
     */
    void awaitAllAcknowledged(Duration limit) throws InterruptedException {
        sender.join(limit.toMillis());
        if (failure.get() != null) {
            throw new AssertionError("Sending documents failed: " + failure.get(), failure.get());
        }
        if (acknowledged.get() != total) {
            throw new AssertionError(
                    "Only "
                            + acknowledged.get()
                            + " of "
                            + total
                            + " documents were acknowledged.");
        }
    }

    @Override
    public void close() throws InterruptedException {
        sender.interrupt();
        sender.join(10_000);
    }
}
