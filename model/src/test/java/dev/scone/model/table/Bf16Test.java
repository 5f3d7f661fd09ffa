package dev.scone.model.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Bf16Test {

    private static final double MAX_RELATIVE_ERROR = 0x1p-8;

    @Test
    void roundsToTheNearerNeighbourWithTiesToEven() {
        Random random = new Random(1);
        for (int i = 0; i < 200_000; i++) {
            float value = Float.intBitsToFloat(random.nextInt());
            if (Float.isNaN(value) || Float.isInfinite(value)) {
                continue;
            }
            assertThat(Bf16.toBf16(value))
                    .as("bf16 of %s", value)
                    .isEqualTo(referenceRounding(value));
        }
    }

    @Test
    void exactTiesGoToTheEvenNeighbour() {
        Random random = new Random(2);
        for (int i = 0; i < 10_000; i++) {
            int upperBits = random.nextInt(0x7F7F);
            float tie = Float.intBitsToFloat(upperBits << 16 | 0x8000);
            short rounded = Bf16.toBf16(tie);
            assertThat(rounded & 1).isZero();
            assertThat(rounded).isIn((short) upperBits, (short) (upperBits + 1));
        }
    }

    @Test
    void relativeErrorStaysWithinTheBound() {
        Random random = new Random(3);
        for (int i = 0; i < 100_000; i++) {
            float value = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(60) - 30));
            if (value == 0) {
                continue;
            }
            float back = Bf16.toFloat(Bf16.toBf16(value));
            assertThat(Math.abs((double) back - value) / Math.abs(value))
                    .as("relative error for %s", value)
                    .isLessThanOrEqualTo(MAX_RELATIVE_ERROR);
        }
    }

    @Test
    void everyBf16ValueRoundTripsExactly() {
        for (int bits = 0; bits <= 0xFFFF; bits++) {
            short bf16 = (short) bits;
            float value = Bf16.toFloat(bf16);
            if (!Float.isNaN(value)) {
                assertThat(Bf16.toBf16(value)).isEqualTo(bf16);
            }
        }
    }

    @Test
    void nanStaysNanAndKeepsItsSign() {
        float lowPayloadNan = Float.intBitsToFloat(0x7F800001);
        float negativeNan = Float.intBitsToFloat(0xFF800001);

        assertThat(Bf16.toFloat(Bf16.toBf16(Float.NaN))).isNaN();
        assertThat(Bf16.toFloat(Bf16.toBf16(lowPayloadNan))).isNaN();
        assertThat(Bf16.toFloat(Bf16.toBf16(negativeNan))).isNaN();
        assertThat(Bf16.toBf16(negativeNan) & 0x8000).isNotZero();
    }

    @Test
    void infinitiesAndSignedZerosArePreserved() {
        for (float special :
                new float[] {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 0f, -0f}) {
            assertThat(Float.floatToRawIntBits(Bf16.toFloat(Bf16.toBf16(special))))
                    .isEqualTo(Float.floatToRawIntBits(special));
        }
    }

    @Test
    void floatsBeyondTheLargestBf16OverflowToInfinity() {
        float largestBf16 = Bf16.toFloat((short) 0x7F7F);
        float justBelowHalfway = Float.intBitsToFloat(0x7F7F7FFF);
        float halfwayToOverflow = Float.intBitsToFloat(0x7F7F8000);

        assertThat(Bf16.toFloat(Bf16.toBf16(Float.MAX_VALUE))).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(Bf16.toFloat(Bf16.toBf16(-Float.MAX_VALUE))).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(Bf16.toFloat(Bf16.toBf16(justBelowHalfway))).isEqualTo(largestBf16);
        assertThat(Bf16.toBf16(halfwayToOverflow)).isEqualTo(referenceRounding(halfwayToOverflow));
    }

    @Test
    void subnormalsRoundLikeAnyOtherValue() {
        float[] subnormals = {
            Float.MIN_VALUE, Float.MIN_VALUE * 0x8000, Float.MIN_VALUE * 0x18000, -Float.MIN_VALUE
        };
        for (float subnormal : subnormals) {
            assertThat(Bf16.toBf16(subnormal)).isEqualTo(referenceRounding(subnormal));
        }
    }

    @Test
    void bulkConversionsHonourOffsets() {
        float[] source = new RandomEntries(4).floats(40);
        short[] bf16 = new short[50];
        Bf16.toBf16(source, 5, bf16, 7, 30);
        float[] back = new float[45];
        Bf16.toFloat(bf16, 7, back, 3, 30);

        for (int k = 0; k < 30; k++) {
            assertThat(bf16[7 + k]).isEqualTo(Bf16.toBf16(source[5 + k]));
            assertThat(back[3 + k]).isEqualTo(Bf16.toFloat(bf16[7 + k]));
        }
        assertThat(bf16[6]).isZero();
        assertThat(bf16[37]).isZero();
        assertThat(back[2]).isZero();
        assertThat(back[33]).isZero();
    }

    @Test
    void bytesAreLittleEndian() {
        short[] vector = new RandomEntries(5).bf16(16);
        ByteBuffer bytes = ByteBuffer.wrap(Bf16.encode(vector)).order(ByteOrder.LITTLE_ENDIAN);

        assertThat(bytes.remaining()).isEqualTo(2 * vector.length);
        for (short value : vector) {
            assertThat(bytes.getShort()).isEqualTo(value);
        }
    }

    @Test
    void decodingInvertsEncoding() {
        RandomEntries random = new RandomEntries(6);
        short[] vector = random.bf16(64);
        float[] floats = random.floats(64);
        byte[] bytes = Bf16.encode(vector);
        float[] decoded = new float[66];
        Bf16.decodeToFloat(bytes, 0, decoded, 2, vector.length);

        assertThat(Bf16.decode(bytes)).isEqualTo(vector);
        for (int k = 0; k < vector.length; k++) {
            assertThat(decoded[2 + k]).isEqualTo(Bf16.toFloat(vector[k]));
        }
        assertThat(Bf16.encodeFloats(floats)).isEqualTo(Bf16.encode(Bf16.toBf16(floats)));
    }

    @Test
    void decodingABufferReadsLittleEndianAndLeavesItsPosition() {
        short[] vector = new RandomEntries(7).bf16(8);
        ByteBuffer buffer = ByteBuffer.allocate(2 + 16).order(ByteOrder.BIG_ENDIAN);
        buffer.position(2);
        buffer.put(Bf16.encode(vector));
        buffer.position(2);

        assertThat(Bf16.decode(buffer)).isEqualTo(vector);
        assertThat(buffer.position()).isEqualTo(2);
        assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    }

    @Test
    void oddByteCountsAreRejected() {
        assertThatThrownBy(() -> Bf16.decode(new byte[3]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A bf16 vector has an even number of bytes, not 3.");
    }

    /** Rounds by comparing the two bf16 neighbours of {@code value} in double precision. */
    private static short referenceRounding(float value) {
        int bits = Float.floatToRawIntBits(value);
        int lowerBits = bits & 0xFFFF0000;
        double lower = Float.intBitsToFloat(lowerBits);
        int upperBits = lowerBits + 0x10000;
        // Past the largest finite value, rounding treats infinity as the next power of two.
        double upper =
                (upperBits & 0x7FFFFFFF) == 0x7F800000
                        ? Math.copySign(0x1p128, value)
                        : Float.intBitsToFloat(upperBits);
        double distanceToLower = Math.abs(value - lower);
        double distanceToUpper = Math.abs(upper - value);
        boolean roundUp =
                distanceToUpper < distanceToLower
                        || (distanceToUpper == distanceToLower && (lowerBits & 0x10000) != 0);
        return (short) ((roundUp ? upperBits : lowerBits) >>> 16);
    }
}
