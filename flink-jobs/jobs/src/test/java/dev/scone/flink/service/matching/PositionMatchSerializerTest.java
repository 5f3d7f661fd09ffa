package dev.scone.flink.service.matching;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.RequestKey;
import java.util.Arrays;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.SerializerTestBase;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.testutils.DeeplyEqualsChecker;
import org.junit.jupiter.api.Test;

/**
 * Flink's serializer checks (round trips alone and in sequence, copies, stream copies, snapshot and
 * restore, duplication, Java serialization) over matches with and without a key, version and
 * vector, plus what the job relies on beyond them.
 */
class PositionMatchSerializerTest extends SerializerTestBase<PositionMatch> {

    PositionMatchSerializerTest() {
        super(
                new DeeplyEqualsChecker()
                        .withCustomCheck(
                                (a, b) -> a instanceof PositionMatch && b instanceof PositionMatch,
                                (a, b, checker) ->
                                        sameMatch((PositionMatch) a, (PositionMatch) b)));
    }

    private static boolean sameMatch(PositionMatch a, PositionMatch b) {
        return Objects.equals(a.requestKey, b.requestKey)
                && a.position == b.position
                && a.length == b.length
                && Arrays.equals(a.vector, b.vector)
                && Objects.equals(a.tableVersion, b.tableVersion)
                && a.tableVersionAppliedAt == b.tableVersionAppliedAt;
    }

    @Override
    protected TypeSerializer<PositionMatch> createSerializer() {
        return PositionMatchSerializer.INSTANCE;
    }

    @Override
    protected int getLength() {
        return -1;
    }

    @Override
    protected Class<PositionMatch> getTypeClass() {
        return PositionMatch.class;
    }

    @Override
    protected PositionMatch[] getTestData() {
        return new PositionMatch[] {
            match(new RequestKey("scone.documents", 2, 41), 7, 3, vector(1536), "v1", 10),
            match(new RequestKey("scone.documents", 0, Long.MAX_VALUE), 1, 0, null, "", 0),
            match(new RequestKey("dökuments/ü", -1, 0), 1023, 5, vector(2), "täble-v2", -5),
            match(new RequestKey(null, 3, 4), 2, 2, new byte[0], null, Long.MIN_VALUE),
            match(null, 0, 0, null, null, 0),
        };
    }

    private static PositionMatch match(
            RequestKey key,
            int position,
            int length,
            byte[] vector,
            String version,
            long appliedAt) {
        PositionMatch match = new PositionMatch();
        match.requestKey = key;
        match.position = position;
        match.length = length;
        match.vector = vector;
        match.tableVersion = version;
        match.tableVersionAppliedAt = appliedAt;
        return match;
    }

    private static byte[] vector(int bytes) {
        byte[] vector = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
            vector[i] = (byte) (31 * i + 7);
        }
        return vector;
    }

    @Test
    void copiesShareNoMutableParts() {
        PositionMatch original = getTestData()[0];
        PositionMatch copy = PositionMatchSerializer.INSTANCE.copy(original);
        assertThat(copy.vector).isNotSameAs(original.vector).isEqualTo(original.vector);
        assertThat(copy.requestKey).isNotSameAs(original.requestKey).isEqualTo(original.requestKey);
    }

    @Test
    void writesTheVectorAsOneBlockBehindTheOtherFields() throws Exception {
        PositionMatch match = getTestData()[0];
        DataOutputSerializer out = new DataOutputSerializer(2048);
        PositionMatchSerializer.INSTANCE.serialize(match, out);
        byte[] written = out.getCopyOfBuffer();
        byte[] tail = Arrays.copyOfRange(written, written.length - 1536, written.length);
        assertThat(tail).isEqualTo(match.vector);
        DataInputDeserializer in = new DataInputDeserializer(written, written.length - 1540, 4);
        assertThat(in.readInt()).isEqualTo(1536);
    }

    @Test
    void restoresFromItsSnapshotAsIs() throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(
                out, PositionMatchSerializer.INSTANCE.snapshotConfiguration());
        TypeSerializerSnapshot<PositionMatch> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(PositionMatchSerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<PositionMatch> compatibility =
                PositionMatchSerializer.INSTANCE
                        .snapshotConfiguration()
                        .resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void typeInformationServesThisSerializerWhileTheClassStaysAPojo() {
        assertThat(PositionMatchTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()))
                .isSameAs(PositionMatchSerializer.INSTANCE);
        // The assembler's keyed state still asks for the POJO serializer by Types.POJO.
        assertThat(org.apache.flink.api.common.typeinfo.Types.POJO(PositionMatch.class))
                .isInstanceOf(org.apache.flink.api.java.typeutils.PojoTypeInfo.class);
    }
}
