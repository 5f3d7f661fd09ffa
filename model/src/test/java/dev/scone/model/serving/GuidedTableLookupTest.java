package dev.scone.model.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.scone.model.fgram.FgramIndex;
import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.nn.SconeModel;
import dev.scone.model.nn.ScoreBatch;
import dev.scone.model.nn.Scorer;
import dev.scone.model.nn.TinyModels;
import dev.scone.model.table.Bf16;
import dev.scone.model.table.InMemoryFgramTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GuidedTableLookupTest {

    private static LongestMatcher matcherOf(List<int[]> fgrams) {
        FgramIndex index = new FgramIndex(fgrams.size());
        for (int[] fgram : fgrams) {
            index.add(fgram);
        }
        return new LongestMatcher(index, 5, true);
    }

    @Test
    void takesTheVocabularysLongestMatchAndFallsBackToASuffixTheTableHolds() {
        List<int[]> vocabulary = List.of(new int[] {5, 6}, new int[] {4, 5, 6}, new int[] {7, 8});
        InMemoryFgramTable table = new InMemoryFgramTable(2, "m", "t");
        table.put(new int[] {5, 6}, Bf16.toBf16(new float[] {1f, 2f}));
        table.put(new int[] {7, 8}, Bf16.toBf16(new float[] {3f, 4f}));
        TableLookup lookup = TableLookup.guidedBy(matcherOf(vocabulary), table);
        int[] tokens = {4, 5, 6, 7, 8, 9};
        float[] out = new float[2];

        assertThat(lookup.longestMatch(tokens, 2, out)).isEqualTo(2);
        assertThat(out).containsExactly(1f, 2f);
        assertThat(lookup.longestMatch(tokens, 4, out)).isEqualTo(2);
        assertThat(out).containsExactly(3f, 4f);
        assertThat(lookup.longestMatch(tokens, 5, out)).isZero();
        assertThat(lookup.longestMatch(tokens, 0, out)).isZero();
        assertThat(out).containsExactly(3f, 4f);
    }

    @Test
    void scoresFromAnExportedTableMatchTheFgramModelWithinBf16() {
        try (SconeModel model = TinyModels.model(1)) {
            List<int[]> vocabulary = new ArrayList<>();
            for (int a = 0; a < 8; a++) {
                for (int b = 0; b < 8; b++) {
                    if ((a + b) % 3 == 0) {
                        vocabulary.add(new int[] {a, b});
                        vocabulary.add(new int[] {9, a, b});
                    }
                }
            }
            InMemoryFgramTable table = new InMemoryFgramTable(model.config().d(), "m", "t");
            float[][] vectors = model.fgramEmbeddings(vocabulary.toArray(new int[0][]));
            for (int n = 0; n < vocabulary.size(); n++) {
                table.put(vocabulary.get(n), Bf16.toBf16(vectors[n]));
            }
            LongestMatcher matcher = matcherOf(vocabulary);
            Random random = new Random(17);
            int[][] tokens = {
                TinyModels.randomTokens(random, 24, 10), TinyModels.randomTokens(random, 9, 10)
            };
            int[][] matches = {matcher.match(tokens[0]), matcher.match(tokens[1])};
            assertThat(LongestMatcher.matchedPositions(matches[0])).isPositive();
            try (Scorer scorer = new Scorer(model)) {
                ScoreBatch viaTable = scorer.score(tokens, TableLookup.guidedBy(matcher, table));
                ScoreBatch viaFgramModel = scorer.scoreWithFgramEncoder(tokens, matches);
                for (int b = 0; b < tokens.length; b++) {
                    // Log-probs near ln(50257) ~ 10.8; bf16 inputs move them by far less than 1%.
                    assertThat(viaTable.tokenLogProbs()[b])
                            .containsExactly(viaFgramModel.tokenLogProbs()[b], within(0.05f));
                }
            }
        }
    }
}
