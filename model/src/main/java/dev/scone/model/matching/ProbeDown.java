package dev.scone.model.matching;

import dev.scone.model.fgram.FgramKey;

/**
 * The one probe every view of the table makes for a position: from the longest length worth trying
 * down to a bigram, the first length the table holds wins. Downward probing is right whether or not
 * what it probes is suffix-closed, which a replica or keyed state following a changelog briefly may
 * not be; it costs at most K - 1 probes.
 */
public final class ProbeDown {

    /** Whether the f-gram of a given length ending at the position is held. */
    @FunctionalInterface
    public interface Probe<E extends Exception> {
        boolean holds(int length) throws E;
    }

    private ProbeDown() {}

    /**
     * @param longest the longest length worth trying (the context available, capped by K)
     * @return the first length from {@code longest} down to 2 that {@code probe} holds, or 0
     */
    public static <E extends Exception> int longestHeld(int longest, Probe<E> probe) throws E {
        for (int length = longest; length >= FgramKey.MIN_FGRAM_LENGTH; length--) {
            if (probe.holds(length)) {
                return length;
            }
        }
        return 0;
    }
}
