package dev.scone.flink.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.decoder.DecodeOutcome;
import dev.scone.flink.service.matching.PositionLookup;
import dev.scone.flink.service.matching.PositionMatch;
import dev.scone.flink.service.matching.StoredVector;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every record that travels between the service's operators is a Flink POJO whose fields need no
 * Kryo: the job runs with generic types disabled, and this finds a type that would fall back to
 * Kryo before a job build does.
 */
class RecordTypesTest {

    static Stream<Class<?>> recordTypes() {
        return Stream.of(
                RawRecord.class,
                RequestKey.class,
                DocumentRequest.class,
                PositionLookup.class,
                PositionMatch.class,
                TableUpdate.class,
                StoredVector.class,
                AssembledDocument.class,
                DecodeOutcome.class);
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void isAPojoWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        PojoTypeInfo<?> pojo = (PojoTypeInfo<?>) info;
        for (int i = 0; i < pojo.getArity(); i++) {
            assertThat(pojo.getTypeAt(i))
                    .as("%s.%s", type.getSimpleName(), pojo.getPojoFieldAt(i).getField().getName())
                    .isNotInstanceOf(GenericTypeInfo.class);
        }
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        assertThat(info.createSerializer(noKryo)).isNotNull();
    }

    @ParameterizedTest
    @MethodSource("recordTypes")
    void roundTripsThroughItsSerializer(Class<?> type) throws Exception {
        Object sample = sample(type);
        Object copy = roundTrip(sample);
        assertThat(copy).usingRecursiveComparison().isEqualTo(sample);
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(T value) throws Exception {
        SerializerConfigImpl noKryo = new SerializerConfigImpl();
        noKryo.setGenericTypes(false);
        TypeSerializer<T> serializer =
                ((TypeInformation<T>) TypeInformation.of(value.getClass()))
                        .createSerializer(noKryo);
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    private static Object sample(Class<?> type) {
        RequestKey key = new RequestKey("scone.documents", 2, 41);
        DocumentRequest request = new DocumentRequest();
        request.requestKey = key;
        request.id = "doc";
        request.task = Task.GENERATE;
        request.text = "text";
        request.tokens = new int[] {1, 2, 3};
        request.maxNewTokens = 4;
        request.attributes = new java.util.HashMap<>(Map.of("a", "b"));
        PositionMatch match = new PositionMatch();
        match.requestKey = key;
        match.position = 2;
        match.length = 2;
        match.vector = new byte[] {1, 2};
        match.tableVersion = "v";
        AssembledDocument assembled = new AssembledDocument();
        assembled.request = request;
        assembled.matchLengths = new int[] {0, 2, 0};
        assembled.vectors = new byte[] {1, 2};
        assembled.tableVersion = "v";
        if (type == RawRecord.class) {
            return new RawRecord("t", 1, 2, 3, new byte[] {4}, new byte[] {5});
        } else if (type == RequestKey.class) {
            return key;
        } else if (type == DocumentRequest.class) {
            return request;
        } else if (type == PositionLookup.class) {
            return new PositionLookup(key, 2, new int[] {1, 2, 3});
        } else if (type == PositionMatch.class) {
            return match;
        } else if (type == TableUpdate.class) {
            return new TableUpdate(new int[] {1, 2}, new byte[] {3, 4}, "v");
        } else if (type == StoredVector.class) {
            return new StoredVector(new byte[] {3, 4}, "v", 7L);
        } else if (type == AssembledDocument.class) {
            return assembled;
        } else if (type == DecodeOutcome.class) {
            return DecodeOutcome.of(Result.newBuilder().setId("doc").build());
        }
        throw new IllegalArgumentException("no sample of " + type);
    }
}
