package dev.scone.model.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DocumentSplitterTest {

    private static final long SEED = CorpusPreparer.DEFAULT_SEED;

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> String.format("doc%03d", i)).toList();
    }

    @ParameterizedTest
    @CsvSource({"100, 80, 10, 10", "44, 36, 4, 4", "15, 11, 2, 2", "6, 4, 1, 1", "3, 1, 1, 1"})
    void splitSizesFollowTheRatios(int total, int train, int validation, int test) {
        Map<Split, List<String>> splits = DocumentSplitter.split(ids(total), SEED);

        assertThat(splits.get(Split.TRAIN)).hasSize(train);
        assertThat(splits.get(Split.VALIDATION)).hasSize(validation);
        assertThat(splits.get(Split.TEST)).hasSize(test);
    }

    @Test
    void tinyCorpusGoesToTrainWhole() {
        Map<Split, List<String>> splits = DocumentSplitter.split(ids(2), SEED);

        assertThat(splits.get(Split.TRAIN)).containsExactlyInAnyOrderElementsOf(ids(2));
        assertThat(splits.get(Split.VALIDATION)).isEmpty();
        assertThat(splits.get(Split.TEST)).isEmpty();
    }

    @Test
    void splitsAreDisjointAndCoverEveryDocument() {
        Map<Split, List<String>> splits = DocumentSplitter.split(ids(57), SEED);

        List<String> all = new ArrayList<>();
        splits.values().forEach(all::addAll);
        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids(57));
    }

    @Test
    void inputOrderDoesNotMatterButTheSeedDoes() {
        List<String> reversed = new ArrayList<>(ids(40));
        Collections.reverse(reversed);

        Map<Split, List<String>> sorted = DocumentSplitter.split(ids(40), SEED);

        assertThat(DocumentSplitter.split(reversed, SEED)).isEqualTo(sorted);
        assertThat(DocumentSplitter.split(ids(40), SEED + 1)).isNotEqualTo(sorted);
    }

    @Test
    void duplicateIdsAreRefused() {
        assertThatThrownBy(() -> DocumentSplitter.split(List.of("a", "b", "a"), SEED))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Document ids must be unique within a corpus.");
    }
}
