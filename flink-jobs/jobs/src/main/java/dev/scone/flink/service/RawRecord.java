package dev.scone.flink.service;

import java.util.Arrays;

/**
 * A Kafka record as it arrived, before any decoding: keeping the bytes and their coordinates lets a
 * record that fails to decode reach the dead-letter topic intact, with where it came from.
 */
public class RawRecord {

    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {}

    public RawRecord(
            String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** A record with no Kafka coordinates, for tests and bounded inputs. */
    public static RawRecord of(String topic, long offset, byte[] key, byte[] value) {
        return new RawRecord(topic, 0, offset, System.currentTimeMillis(), key, value);
    }

    /** A key unique per record of a topic: where it sits in the log. */
    public String coordinates() {
        return topic + "/" + partition + "@" + offset;
    }

    @Override
    public String toString() {
        return "RawRecord{"
                + coordinates()
                + ", key="
                + (key == null ? "null" : key.length + "B")
                + ", value="
                + (value == null ? "null" : value.length + "B")
                + "}";
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof RawRecord)) {
            return false;
        }
        RawRecord other = (RawRecord) o;
        return partition == other.partition
                && offset == other.offset
                && timestamp == other.timestamp
                && java.util.Objects.equals(topic, other.topic)
                && Arrays.equals(key, other.key)
                && Arrays.equals(value, other.value);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(topic, partition, offset);
    }
}
