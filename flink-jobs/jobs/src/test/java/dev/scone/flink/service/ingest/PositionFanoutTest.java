package dev.scone.flink.service.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.matching.BigramKey;
import dev.scone.flink.service.matching.PositionLookup;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.Test;

class PositionFanoutTest {

    private static List<PositionLookup> fanOut(int maxFgramLength, int... tokens) {
        DocumentRequest request = new DocumentRequest();
        request.requestKey = new RequestKey("scone.documents", 0, 4);
        request.tokens = tokens;
        List<PositionLookup> lookups = new ArrayList<>();
        new PositionFanout(maxFgramLength).flatMap(request, new ListCollector<>(lookups));
        assertThat(lookups).hasSize(PositionFanout.lookupsFor(request));
        return lookups;
    }

    @Test
    void everyPositionAfterTheFirstAsksWithAtMostKTokensEndingThere() {
        List<PositionLookup> lookups = fanOut(3, 10, 11, 12, 13, 14);

        assertThat(lookups).extracting(lookup -> lookup.position).containsExactly(1, 2, 3, 4);
        assertThat(lookups.get(0).context).containsExactly(10, 11);
        assertThat(lookups.get(1).context).containsExactly(10, 11, 12);
        assertThat(lookups.get(3).context).containsExactly(12, 13, 14);
        assertThat(lookups)
                .allSatisfy(
                        lookup ->
                                assertThat(lookup.requestKey)
                                        .isEqualTo(new RequestKey("scone.documents", 0, 4)));
        // Keyed by the bigram that ends at the position, where every candidate f-gram lives.
        assertThat(lookups.get(3).bigram()).isEqualTo(BigramKey.of(13, 14));
    }

    @Test
    void aDocumentOfOneTokenOrNoneNeedsNoLookup() {
        assertThat(fanOut(5, 42)).isEmpty();
        assertThat(fanOut(5)).isEmpty();
    }
}
