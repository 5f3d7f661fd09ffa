package dev.scone.flink.service.table;

import static dev.scone.flink.service.table.TableEntries.delete;
import static dev.scone.flink.service.table.TableEntries.entry;
import static dev.scone.flink.service.table.TableEntries.put;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.flink.service.DeadLetters;
import dev.scone.flink.service.RawRecord;
import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.model.table.Bf16;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.serde.FgramKeyCodec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class TableEntryValidatorTest {

    private final TableEntryValidator validator = new TableEntryValidator(2, 5, TableEntries.MODEL);

    @Test
    void aWellFormedEntryBecomesAnUpdateWithItsVectorAndVersion() {
        TableUpdate update =
                validator.validate(put(0, entry(new float[] {1f, -2f}, 7, 8, 9).build()));
        assertThat(update.tokens).containsExactly(7, 8, 9);
        assertThat(update.vector).containsExactly(Bf16.encodeFloats(new float[] {1f, -2f}));
        assertThat(update.tableVersion).isEqualTo("v1");
        assertThat(update.isDelete()).isFalse();
    }

    @Test
    void aTombstoneIsADelete() {
        TableUpdate update = validator.validate(delete(3, 7, 8));
        assertThat(update.isDelete()).isTrue();
        assertThat(update.tokens).containsExactly(7, 8);
    }

    @Test
    void eachBrokenRuleIsItsOwnReason() {
        float[] ok = {1f, 2f};
        assertRefused(
                RawRecord.of(TableEntries.TOPIC, 0, null, new byte[1]),
                "record has no key (the f-gram's token ids)");
        assertRefused(delete(0, 7), "key [7] is not an f-gram of 2..5 tokens");
        assertRefused(delete(0, 1, 2, 3, 4, 5, 6), "key [1, 2, 3, 4, 5, 6] is not an f-gram");
        assertRefused(
                RawRecord.of(
                        TableEntries.TOPIC,
                        0,
                        FgramKeyCodec.encode(new int[] {7, 8}),
                        "junk".getBytes(StandardCharsets.UTF_8)),
                "value is not an FgramEntry");
        RawRecord otherTokens = put(0, entry(ok, 7, 9).build());
        otherTokens.key = FgramKeyCodec.encode(new int[] {7, 8});
        assertRefused(otherTokens, "value tokens [7, 9] differ from key [7, 8]");
        assertRefused(
                put(0, entry(new float[] {1f, 2f, 3f}, 7, 8).build()),
                "vector dimension 3 differs from the model's 2");
        assertRefused(
                put(0, entry(ok, 7, 8).setVector(ByteBuffer.wrap(new byte[3])).build()),
                "vector holds 3 bytes, a 2-dim bf16 vector has 4");
        assertRefused(
                put(0, entry(new float[] {1f, Float.NaN}, 7, 8).build()),
                "vector value 1 is not finite (NaN or infinity)");
        assertRefused(
                put(0, entry(ok, 7, 8).setModelVersion("model-2").build()),
                "entry is for model model-2, the service runs model-1");
    }

    @Test
    void anEntryWithoutAModelVersionIsAccepted() {
        assertThat(
                        validator.validate(
                                        put(
                                                0,
                                                entry(new float[] {1f, 2f}, 7, 8)
                                                        .setModelVersion("")
                                                        .build()))
                                .tokens)
                .containsExactly(7, 8);
    }

    @Test
    void theChangelogParserDeadLettersWhatTheValidatorRefuses() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawRecord, TableUpdate> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(
                        new TableChangelogParser(validator))) {
            harness.open();
            harness.processElement(put(0, entry(new float[] {1f, 2f}, 7, 8).build()), 0);
            harness.processElement(delete(1, 7), 0);
            harness.processElement(delete(2, 7, 8), 0);

            assertThat(harness.extractOutputValues())
                    .extracting(update -> update.isDelete())
                    .containsExactly(false, true);
            assertThat(harness.getSideOutput(DeadLetters.TAG))
                    .extracting(StreamRecord::getValue)
                    .singleElement()
                    .satisfies(
                            (DeadLetter dead) -> {
                                assertThat(dead.getOffset()).isEqualTo(1);
                                assertThat(dead.getSourceTopic()).isEqualTo(TableEntries.TOPIC);
                                assertThat(dead.getReason())
                                        .isEqualTo(
                                                "table entry: key [7] is not an f-gram of 2..5"
                                                        + " tokens");
                            });
        }
    }

    private void assertRefused(RawRecord record, String reason) {
        assertThatThrownBy(() -> validator.validate(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(reason);
    }
}
