package dev.scone.flink.discovery;

import dev.scone.flink.service.matching.TableUpdate;
import dev.scone.model.fgram.FgramKey;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;

/**
 * The key the discovery job partitions n-grams by: the packed n-gram ({@link FgramKey}, two longs),
 * so an n-gram's occurrences and its table changelog records meet at one subtask.
 */
public final class NgramKey {

    private NgramKey() {}

    /** The key of {@code tokens} (2..K ids). */
    public static Tuple2<Long, Long> of(int[] tokens) {
        return Tuple2.of(
                FgramKey.lo(tokens, 0, tokens.length), FgramKey.hi(tokens, 0, tokens.length));
    }

    /** Key of an occurrence. */
    public static final class OfOccurrence
            implements KeySelector<NgramOccurrence, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> getKey(NgramOccurrence occurrence) {
            return of(occurrence.tokens);
        }
    }

    /** Key of a table changelog record. */
    public static final class OfUpdate implements KeySelector<TableUpdate, Tuple2<Long, Long>> {
        private static final long serialVersionUID = 1L;

        @Override
        public Tuple2<Long, Long> getKey(TableUpdate update) {
            return of(update.tokens);
        }
    }
}
