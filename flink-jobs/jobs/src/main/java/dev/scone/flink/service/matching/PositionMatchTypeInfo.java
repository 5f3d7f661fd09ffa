package dev.scone.flink.service.matching;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * The type of the match operator's output stream, served by {@link PositionMatchSerializer}. Given
 * explicitly where the stream is defined rather than through an annotation on {@link
 * PositionMatch}, so the class stays a POJO wherever state keeps it.
 */
public final class PositionMatchTypeInfo extends TypeInformation<PositionMatch> {

    private static final long serialVersionUID = 1L;

    public static final PositionMatchTypeInfo INSTANCE = new PositionMatchTypeInfo();

    private PositionMatchTypeInfo() {}

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<PositionMatch> getTypeClass() {
        return PositionMatch.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<PositionMatch> createSerializer(SerializerConfig config) {
        return PositionMatchSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "PositionMatch (bulk vector)";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PositionMatchTypeInfo;
    }

    @Override
    public int hashCode() {
        return PositionMatchTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof PositionMatchTypeInfo;
    }
}
