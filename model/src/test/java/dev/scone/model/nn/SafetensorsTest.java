package dev.scone.model.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir Path dir;

    private static float[] randomValues(int count, long seed) {
        Random random = new Random(seed);
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private Path writeTwoTensors(TensorDType dtype, float[] matrix, float[] vector)
            throws IOException {
        Path file = dir.resolve("weights-" + dtype + ".safetensors");
        Map<String, float[]> values = Map.of("a.weight", matrix, "b.bias", vector);
        SafetensorsWriter.write(
                file,
                List.of(
                        new SafetensorsWriter.Entry("a.weight", new long[] {3, 5}),
                        new SafetensorsWriter.Entry("b.bias", new long[] {7})),
                values::get,
                dtype,
                Map.of("format", "pt"));
        return file;
    }

    @Test
    void f32RoundTripIsExact() throws IOException {
        float[] matrix = randomValues(15, 1);
        float[] vector = randomValues(7, 2);
        Path file = writeTwoTensors(TensorDType.F32, matrix, vector);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.tensors().keySet()).containsExactly("a.weight", "b.bias");
            assertThat(reader.tensors().get("a.weight").shape()).containsExactly(3, 5);
            assertThat(reader.readFloats("a.weight")).containsExactly(matrix);
            assertThat(reader.readFloats("b.bias")).containsExactly(vector);
            assertThat(reader.metadata()).containsEntry("format", "pt");
        }
    }

    @Test
    void bf16RoundTripKeepsTheRoundedValues() throws IOException {
        float[] matrix = randomValues(15, 3);
        float[] vector = randomValues(7, 4);
        Path file = writeTwoTensors(TensorDType.BF16, matrix, vector);
        assertThat(Files.size(file) - headerEnd(file)).isEqualTo((15 + 7) * 2L);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            float[] read = reader.readFloats("a.weight");
            for (int i = 0; i < matrix.length; i++) {
                assertThat(read[i]).isEqualTo(TensorDType.fromBf16(TensorDType.toBf16(matrix[i])));
                assertThat(Math.abs(read[i] - matrix[i]))
                        .isLessThanOrEqualTo(Math.abs(matrix[i]) / 256);
            }
        }
    }

    @Test
    void bf16RoundsHalfwayValuesToEven() {
        float one = 1f;
        float ulp = Math.ulp(TensorDType.fromBf16(TensorDType.toBf16(one))) * (1 << 16);
        float halfwayBelowEven = one + ulp / 2;
        float halfwayAboveOdd = one + ulp + ulp / 2;
        assertThat(TensorDType.fromBf16(TensorDType.toBf16(halfwayBelowEven))).isEqualTo(one);
        assertThat(TensorDType.fromBf16(TensorDType.toBf16(halfwayAboveOdd)))
                .isEqualTo(one + 2 * ulp);
        assertThat(TensorDType.fromBf16(TensorDType.toBf16(Float.NaN))).isNaN();
    }

    private static long headerEnd(Path file) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        return 8 + ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    }

    @Test
    void headerFollowsTheSafetensorsLayout() throws IOException {
        Path file = writeTwoTensors(TensorDType.F32, randomValues(15, 5), randomValues(7, 6));
        byte[] bytes = Files.readAllBytes(file);
        long headerLength = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        JsonNode header =
                new ObjectMapper().readTree(Arrays.copyOfRange(bytes, 8, (int) (8 + headerLength)));
        JsonNode matrix = header.get("a.weight");
        assertThat(matrix.get("dtype").asText()).isEqualTo("F32");
        assertThat(matrix.get("data_offsets").get(0).asLong()).isZero();
        assertThat(matrix.get("data_offsets").get(1).asLong()).isEqualTo(15 * 4L);
        assertThat(header.get("b.bias").get("data_offsets").get(1).asLong())
                .isEqualTo((15 + 7) * 4L);
        assertThat(bytes.length).isEqualTo(8 + headerLength + (15 + 7) * 4L);
    }

    @Test
    void truncatedOrForeignFilesAreRejectedWithTheirName() throws IOException {
        Path file = writeTwoTensors(TensorDType.F32, randomValues(15, 7), randomValues(7, 8));
        byte[] bytes = Files.readAllBytes(file);
        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 4));
        assertThatThrownBy(() -> SafetensorsReader.open(truncated))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("truncated.safetensors");
        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "these are not weights at all");
        assertThatThrownBy(() -> SafetensorsReader.open(text))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("not a safetensors file");
    }

    @Test
    void valuesMustFillTheShape() {
        Path file = dir.resolve("bad.safetensors");
        assertThatThrownBy(
                        () ->
                                SafetensorsWriter.write(
                                        file,
                                        List.of(new SafetensorsWriter.Entry("x", new long[] {4})),
                                        name -> new float[3],
                                        TensorDType.F32,
                                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Tensor x has 3 values");
    }

    @Test
    void f16RoundTripKeepsTheRoundedValues() throws IOException {
        float[] matrix = randomValues(15, 9);
        float[] vector = randomValues(7, 10);
        Path file = writeTwoTensors(TensorDType.F16, matrix, vector);
        assertThat(Files.size(file) - headerEnd(file)).isEqualTo((15 + 7) * 2L);
        try (SafetensorsReader reader = SafetensorsReader.open(file)) {
            assertThat(reader.tensors().get("b.bias").dtype()).isEqualTo(TensorDType.F16);
            float[] read = reader.readFloats("a.weight");
            for (int i = 0; i < matrix.length; i++) {
                assertThat(Math.abs(read[i] - matrix[i]))
                        .isLessThanOrEqualTo(Math.abs(matrix[i]) / 2048);
            }
        }
    }

    @Test
    void everyHalfPrecisionValueSurvivesFloatAndBack() {
        for (int bits = 0; bits < 0x10000; bits++) {
            float value = TensorDType.fromF16((short) bits);
            short back = TensorDType.toF16(value);
            if (Float.isNaN(value)) {
                assertThat(Float.isNaN(TensorDType.fromF16(back))).isTrue();
            } else {
                assertThat(back & 0xffff).as("half bits %04x", bits).isEqualTo(bits);
            }
        }
        assertThat(TensorDType.fromF16((short) 0x3c00)).isEqualTo(1f);
        assertThat(TensorDType.fromF16((short) 0xc000)).isEqualTo(-2f);
        assertThat(TensorDType.fromF16((short) 0x7bff)).isEqualTo(65504f);
        assertThat(TensorDType.fromF16((short) 0x0001)).isEqualTo(0x1p-24f);
    }

    @Test
    void f16RoundsToNearestEvenAndOverflowsToInfinity() {
        float ulp = 0x1p-10f; // spacing of halves in [1, 2)
        assertThat(TensorDType.fromF16(TensorDType.toF16(1f + ulp / 2))).isEqualTo(1f);
        assertThat(TensorDType.fromF16(TensorDType.toF16(1f + 1.5f * ulp))).isEqualTo(1f + 2 * ulp);
        assertThat(TensorDType.fromF16(TensorDType.toF16(1f + 0.51f * ulp))).isEqualTo(1f + ulp);
        assertThat(TensorDType.fromF16(TensorDType.toF16(1e6f))).isInfinite();
        assertThat(TensorDType.fromF16(TensorDType.toF16(1e-9f))).isZero();
        assertThat(TensorDType.fromF16(TensorDType.toF16(3e-8f))).isEqualTo(0x1p-24f);
    }
}
