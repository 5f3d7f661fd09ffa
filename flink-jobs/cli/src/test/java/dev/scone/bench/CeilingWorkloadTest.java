package dev.scone.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scone.flink.service.RawRecord;
import dev.scone.model.serving.TableLookup;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.schemas.serde.FgramKeyCodec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CeilingWorkloadTest {

    private static final CeilingWorkload SMALL = new CeilingWorkload(4, 64, 50);

    @Test
    void textsAreDeterministicAndValidUtf8() {
        List<String> texts = SMALL.texts();
        assertThat(texts).hasSize(4).isEqualTo(SMALL.texts());
        for (String text : texts) {
            assertThat(text).doesNotContain("\uFFFD");
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void tableIsSuffixClosed() {
        List<int[]> fgrams = SMALL.fgrams(SMALL.texts());
        Set<String> keys = new HashSet<>();
        fgrams.forEach(g -> keys.add(Arrays.toString(g)));
        assertThat(keys).hasSameSizeAs(fgrams);
        for (int[] gram : fgrams) {
            for (int start = 1; start <= gram.length - 2; start++) {
                assertThat(keys)
                        .contains(Arrays.toString(Arrays.copyOfRange(gram, start, gram.length)));
            }
        }
    }

    @Test
    void offlineSideCountsTokensAndMatches() {
        List<String> texts = SMALL.texts();
        List<int[]> fgrams = SMALL.fgrams(texts);
        try (InMemoryFgramTable table = new InMemoryFgramTable(8, "t", "v")) {
            CeilingWorkload.fill(table, fgrams);
            long[] work = new long[2];
            StreamingCeilingSuite.offline(
                    texts, new TableLookup(table, CeilingWorkload.MAX_FGRAM_LENGTH), work);
            assertThat(work[0]).isPositive();
            // Every other position's f-gram is in the table, so about half the positions match.
            assertThat(work[1]).isBetween(work[0] / 3, work[0]);
            assertThat(CeilingWorkload.changelog(fgrams, 8, "m", "v")).hasSameSizeAs(fgrams);

            CeilingRun.Outcome same =
                    new CeilingRun.Outcome(
                            CeilingRun.Variant.SERVICE, texts.size(), work[0], work[1], 1, 1);
            StreamingCeilingSuite.checkSameWork(same, texts.size(), work[0], work[1]);
            CeilingRun.Outcome fewerTokens =
                    new CeilingRun.Outcome(
                            CeilingRun.Variant.SERVICE, texts.size(), work[0] - 1, work[1], 1, 1);
            assertThatThrownBy(
                            () ->
                                    StreamingCeilingSuite.checkSameWork(
                                            fewerTokens, texts.size(), work[0], work[1]))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("tokens");
        }
    }

    @Test
    void changelogMadeInTheSourceIsTheListedOneRowByRow() {
        List<int[]> fgrams = SMALL.fgrams(SMALL.texts());
        List<RawRecord> listed = CeilingWorkload.changelog(fgrams, 8, "m", "v");
        CeilingWorkload.ChangelogRecords generated =
                new CeilingWorkload.ChangelogRecords(fgrams, 8, "m", "v");
        assertThat(generated.size()).isEqualTo(fgrams.size());
        for (int row = 0; row < fgrams.size(); row += 7) {
            assertThat(generated.map((long) row))
                    .usingRecursiveComparison()
                    .ignoringFields("timestamp")
                    .isEqualTo(listed.get(row));
        }
        // Each row's record decodes to its own f-gram, key and value alike.
        RawRecord last = generated.map((long) fgrams.size() - 1);
        assertThat(FgramKeyCodec.decode(last.key)).isEqualTo(fgrams.get(fgrams.size() - 1));
        assertThat(last.offset).isEqualTo(fgrams.size() - 1);
    }
}
