package dev.scone.flink.service;

import java.util.Objects;

/**
 * Which request a record of the job belongs to: where its document sits in the documents topic.
 * Unique per document, stable across replays of the log, and the key the assembler joins a
 * document's tokens and matches on. Kept as its parts, so a dead letter gets the coordinates back
 * without parsing a string.
 */
public class RequestKey {

    public String topic;
    public int partition;
    public long offset;

    public RequestKey() {}

    public RequestKey(String topic, int partition, long offset) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
    }

    /** The key of the document read from {@code record}. */
    public static RequestKey of(RawRecord record) {
        return new RequestKey(record.topic, record.partition, record.offset);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RequestKey)) {
            return false;
        }
        RequestKey other = (RequestKey) o;
        return partition == other.partition
                && offset == other.offset
                && Objects.equals(topic, other.topic);
    }

    /** Deterministic across JVMs (String, int and long hashes), as a Flink key's must be. */
    @Override
    public int hashCode() {
        return Objects.hash(topic, partition, offset);
    }

    /** "topic/partition@offset", as {@link RawRecord#coordinates()} writes it. */
    @Override
    public String toString() {
        return topic + "/" + partition + "@" + offset;
    }
}
