package dev.scone.flink.service.matching;

import dev.scone.flink.service.RequestKey;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes a {@link PositionMatch} between the match and the assembly operators in one pass: a byte
 * of which fields are present, the fixed-size fields, the two strings, and the f-gram's vector as
 * one length-prefixed block of bytes. Flink's POJO serializer would reach every field (and the
 * request key's) through reflection, with a null marker each.
 *
 * <p>The request key, its topic, the table version and the vector may each be null; the record
 * itself never is (Flink does not carry null stream records). Only the stream from {@link
 * FgramMatch} uses this serializer: the assembler's keyed state keeps its POJO serializer, so
 * savepoints stay as they were.
 */
public final class PositionMatchSerializer extends TypeSerializerSingleton<PositionMatch> {

    private static final long serialVersionUID = 1L;

    public static final PositionMatchSerializer INSTANCE = new PositionMatchSerializer();

    private static final int HAS_KEY = 1;
    private static final int HAS_VECTOR = 2;

    private PositionMatchSerializer() {}

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public PositionMatch createInstance() {
        return new PositionMatch();
    }

    @Override
    public PositionMatch copy(PositionMatch from) {
        PositionMatch copy = new PositionMatch();
        RequestKey key = from.requestKey;
        copy.requestKey = key == null ? null : new RequestKey(key.topic, key.partition, key.offset);
        copy.position = from.position;
        copy.length = from.length;
        copy.vector = from.vector == null ? null : from.vector.clone();
        copy.tableVersion = from.tableVersion;
        copy.tableVersionAppliedAt = from.tableVersionAppliedAt;
        return copy;
    }

    @Override
    public PositionMatch copy(PositionMatch from, PositionMatch reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(PositionMatch match, DataOutputView target) throws IOException {
        RequestKey key = match.requestKey;
        byte[] vector = match.vector;
        target.writeByte((key == null ? 0 : HAS_KEY) | (vector == null ? 0 : HAS_VECTOR));
        if (key != null) {
            StringValue.writeString(key.topic, target);
            target.writeInt(key.partition);
            target.writeLong(key.offset);
        }
        target.writeInt(match.position);
        target.writeInt(match.length);
        StringValue.writeString(match.tableVersion, target);
        target.writeLong(match.tableVersionAppliedAt);
        if (vector != null) {
            target.writeInt(vector.length);
            target.write(vector);
        }
    }

    @Override
    public PositionMatch deserialize(DataInputView source) throws IOException {
        int present = source.readByte();
        PositionMatch match = new PositionMatch();
        if ((present & HAS_KEY) != 0) {
            match.requestKey =
                    new RequestKey(
                            StringValue.readString(source), source.readInt(), source.readLong());
        }
        match.position = source.readInt();
        match.length = source.readInt();
        match.tableVersion = StringValue.readString(source);
        match.tableVersionAppliedAt = source.readLong();
        if ((present & HAS_VECTOR) != 0) {
            byte[] vector = new byte[source.readInt()];
            source.readFully(vector);
            match.vector = vector;
        }
        return match;
    }

    @Override
    public PositionMatch deserialize(PositionMatch reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PositionMatch> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it (format version 1). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PositionMatch> {

        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
