package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FgramVocabularyTest {

    private static final List<CountedFgram> CLOSED =
            List.of(
                    new CountedFgram(new int[] {10, 11}, 40),
                    new CountedFgram(new int[] {11, 12}, 30),
                    new CountedFgram(new int[] {10, 11, 12}, 30),
                    new CountedFgram(new int[] {9, 10, 11, 12}, 7),
                    new CountedFgram(new int[] {50_256, 0}, 7));

    @Test
    void numbersRowsInRankingOrderWhateverTheInsertionOrder() {
        List<CountedFgram> shuffled = new ArrayList<>(CLOSED);
        Collections.shuffle(shuffled, new Random(1));

        FgramVocabulary vocabulary = FgramVocabulary.builder().addAll(shuffled).build();

        List<CountedFgram> expected = new ArrayList<>(CLOSED);
        expected.sort(FgramRanking.ORDER);
        for (int row = 0; row < vocabulary.size(); row++) {
            assertThat(vocabulary.gram(row)).containsExactly(expected.get(row).gram());
            assertThat(vocabulary.count(row)).isEqualTo(expected.get(row).count());
            assertThat(vocabulary.length(row)).isEqualTo(expected.get(row).length());
            assertThat(vocabulary.row(expected.get(row).gram())).isEqualTo(row);
        }
    }

    @Test
    void looksUpSlicesOfLongerArrays() {
        FgramVocabulary vocabulary = FgramVocabulary.builder().addAll(CLOSED).build();
        int[] document = {3, 9, 10, 11, 12, 4};

        assertThat(vocabulary.contains(document, 1, 4)).isTrue();
        assertThat(vocabulary.contains(document, 2, 3)).isTrue();
        assertThat(vocabulary.contains(document, 3, 2)).isTrue();
        assertThat(vocabulary.contains(document, 0, 2)).isFalse();
        assertThat(vocabulary.contains(document, 1, 3)).isFalse();
        assertThat(vocabulary.row(document, 0, 3)).isEqualTo(-1);
        assertThat(vocabulary.row(document, 2, 2)).isEqualTo(vocabulary.row(new int[] {10, 11}));
    }

    @Test
    void fingerprintDependsOnContentOnly() {
        List<CountedFgram> shuffled = new ArrayList<>(CLOSED);
        Collections.shuffle(shuffled, new Random(2));
        List<CountedFgram> recounted = new ArrayList<>(CLOSED);
        recounted.set(0, new CountedFgram(new int[] {10, 11}, 41));

        String original = FgramVocabulary.builder().addAll(CLOSED).build().fingerprint();
        String reordered =
                FgramVocabulary.builder()
                        .addAll(shuffled)
                        .createdAt("2020-01-01T00:00:00Z")
                        .build()
                        .fingerprint();
        String changed = FgramVocabulary.builder().addAll(recounted).build().fingerprint();

        assertThat(original).matches("[0-9a-f]{64}").isEqualTo(reordered).isNotEqualTo(changed);
    }

    @Test
    void knowsWhetherItIsSuffixClosed() {
        FgramVocabulary closed = FgramVocabulary.builder().addAll(CLOSED).build();
        FgramVocabulary open =
                FgramVocabulary.builder()
                        .addAll(CLOSED)
                        .add(new int[] {1, 2, 3, 4, 5}, 1)
                        .add(new int[] {2, 3, 4, 5}, 1)
                        .build();

        assertThat(closed.isSuffixClosed()).isTrue();
        assertThat(open.isSuffixClosed()).isFalse();
    }

    @Test
    void summarisesItsContentInTheMetadata() {
        FgramVocabulary vocabulary =
                FgramVocabulary.builder()
                        .maxN(5)
                        .tokenizer("test-tokenizer")
                        .minCount(5)
                        .requestedSize(100)
                        .corpus(12_345, 67)
                        .createdAt("2025-06-01T12:00:00Z")
                        .addAll(CLOSED)
                        .build();

        VocabularyMetadata metadata = vocabulary.metadata();
        assertThat(metadata.formatVersion()).isEqualTo(VocabularyMetadata.CURRENT_FORMAT_VERSION);
        assertThat(metadata.tokenizer()).isEqualTo("test-tokenizer");
        assertThat(metadata.maxN()).isEqualTo(5);
        assertThat(vocabulary.maxN()).isEqualTo(5);
        assertThat(metadata.minCount()).isEqualTo(5);
        assertThat(metadata.requestedSize()).isEqualTo(100);
        assertThat(metadata.corpusTokens()).isEqualTo(12_345);
        assertThat(metadata.corpusDocuments()).isEqualTo(67);
        assertThat(metadata.keptPerLength()).containsExactly(0, 0, 3, 1, 1, 0);
        assertThat(metadata.totalKept()).isEqualTo(5);
        assertThat(metadata.countAtCut()).isEqualTo(7);
        assertThat(metadata.createdAt()).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(metadata.fingerprint()).isEqualTo(vocabulary.fingerprint());
    }

    @Test
    void defaultsKToTheLongestGram() {
        FgramVocabulary vocabulary = FgramVocabulary.builder().addAll(CLOSED).build();

        assertThat(vocabulary.maxN()).isEqualTo(4);
        assertThat(vocabulary.metadata().tokenizer()).isEqualTo("gpt2-r50k_base");
        assertThat(vocabulary.metadata().createdAt()).isNotBlank();
    }

    @Test
    void anEmptyVocabularyIsValid() {
        FgramVocabulary empty = FgramVocabulary.builder().build();

        assertThat(empty.size()).isZero();
        assertThat(empty.maxN()).isEqualTo(2);
        assertThat(empty.isSuffixClosed()).isTrue();
        assertThat(empty.metadata().countAtCut()).isZero();
        assertThat(empty.contains(new int[] {1, 2})).isFalse();
    }

    @Test
    void forEachVisitsRowsInOrder() {
        FgramVocabulary vocabulary = FgramVocabulary.builder().addAll(CLOSED).build();
        List<CountedFgram> visited = new ArrayList<>();

        vocabulary.forEach((gram, count) -> visited.add(new CountedFgram(gram, count)));

        List<CountedFgram> expected = new ArrayList<>(CLOSED);
        expected.sort(FgramRanking.ORDER);
        assertThat(visited).isEqualTo(expected);
    }

    @Test
    void rejectsWhatIsNotAnFgram() {
        assertThatThrownBy(() -> FgramVocabulary.builder().add(new int[] {1}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An f-gram has at least 2 tokens, not 1: [1].");
        assertThatThrownBy(() -> FgramVocabulary.builder().maxN(3).add(new int[] {1, 2, 3, 4}, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An f-gram of length 4 is longer than the vocabulary's K = 3.");
        assertThatThrownBy(() -> FgramVocabulary.builder().add(new int[] {1, 2}, -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> FgramVocabulary.builder().maxN(6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 2 and 5");
    }

    @Test
    void rejectsAGramAddedTwice() {
        FgramVocabulary.Builder builder =
                FgramVocabulary.builder().add(new int[] {4, 5}, 3).add(new int[] {4, 5}, 8);

        assertThatThrownBy(builder::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The f-gram [4, 5] was added more than once.");
    }

    @Test
    void holdsLargeTokenIdsAndManyRows() {
        FgramVocabulary.Builder builder = FgramVocabulary.builder().maxN(5);
        Random random = new Random(9);
        List<int[]> grams = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            int[] gram = new int[2 + (i % 4)];
            gram[0] = i;
            for (int k = 1; k < gram.length; k++) {
                gram[k] = random.nextInt(FgramKey.MAX_TOKEN_ID + 1);
            }
            grams.add(gram);
            builder.add(gram, random.nextInt(1000));
        }

        FgramVocabulary vocabulary = builder.build();

        assertThat(vocabulary.size()).isEqualTo(20_000);
        for (int[] gram : grams) {
            int row = vocabulary.row(gram);
            assertThat(row).isNotNegative();
            assertThat(vocabulary.gram(row)).containsExactly(gram);
        }
        for (int row = 1; row < vocabulary.size(); row++) {
            assertThat(
                            FgramRanking.compare(
                                    vocabulary.count(row - 1),
                                    vocabulary.gram(row - 1),
                                    vocabulary.count(row),
                                    vocabulary.gram(row)))
                    .isNegative();
        }
    }
}
