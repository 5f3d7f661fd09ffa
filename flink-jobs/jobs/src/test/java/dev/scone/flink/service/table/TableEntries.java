package dev.scone.flink.service.table;

import dev.scone.flink.service.RawRecord;
import dev.scone.model.table.Bf16;
import dev.scone.schemas.FgramEntry;
import dev.scone.schemas.serde.FgramKeyCodec;
import dev.scone.schemas.serde.SingleObjectCodec;
import java.nio.ByteBuffer;
import java.util.Arrays;

/** Table changelog records as {@code scone table publish} writes them, for the table's tests. */
final class TableEntries {

    static final String TOPIC = "scone.fgram-table";
    static final String MODEL = "model-1";

    private TableEntries() {}

    static FgramEntry.Builder entry(float[] vector, int... tokens) {
        return FgramEntry.newBuilder()
                .setTokens(Arrays.stream(tokens).boxed().toList())
                .setDim(vector.length)
                .setVector(ByteBuffer.wrap(Bf16.encodeFloats(vector)))
                .setModelVersion(MODEL)
                .setTableVersion("v1");
    }

    static RawRecord put(long offset, FgramEntry entry) {
        int[] tokens = entry.getTokens().stream().mapToInt(Integer::intValue).toArray();
        return RawRecord.of(
                TOPIC,
                offset,
                FgramKeyCodec.encode(tokens),
                SingleObjectCodec.fgramEntries().encode(entry));
    }

    static RawRecord delete(long offset, int... tokens) {
        return RawRecord.of(TOPIC, offset, FgramKeyCodec.encode(tokens), null);
    }
}
