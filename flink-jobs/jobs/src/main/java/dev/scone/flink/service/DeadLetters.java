package dev.scone.flink.service;

import dev.scone.schemas.DeadLetter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.util.OutputTag;

/** The side output every operator sends unusable records to, and how such records are built. */
public final class DeadLetters {

    /** Side output of records that go to the dead-letter topic. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {};

    private DeadLetters() {}

    /** A dead letter for a raw Kafka record that could not be used. */
    public static DeadLetter of(RawRecord record, String reason) {
        return DeadLetter.newBuilder()
                .setSourceTopic(record.topic == null ? "" : record.topic)
                .setPartition(record.partition)
                .setOffset(record.offset)
                .setReason(reason)
                .setRaw(ByteBuffer.wrap(record.value == null ? new byte[0] : record.value))
                .setTimeMillis(System.currentTimeMillis())
                .build();
    }

    /**
     * A dead letter for a request that was decoded but could not be answered; the raw bytes are the
     * document text, which is what a caller needs to resubmit it.
     */
    public static DeadLetter of(DocumentRequest request, String reason) {
        RequestKey key = request.requestKey;
        return DeadLetter.newBuilder()
                .setSourceTopic(key == null || key.topic == null ? "" : key.topic)
                .setPartition(key == null ? -1 : key.partition)
                .setOffset(key == null ? -1 : key.offset)
                .setReason("document " + request.id + ": " + reason)
                .setRaw(
                        ByteBuffer.wrap(
                                request.text == null
                                        ? new byte[0]
                                        : request.text.getBytes(StandardCharsets.UTF_8)))
                .setTimeMillis(System.currentTimeMillis())
                .build();
    }
}
