package dev.scone.bench;

/**
 * What longest matching found in a token stream, and what it cost in index probes.
 *
 * @param positions tokens matched
 * @param matchedPositions positions whose longest match is an f-gram
 * @param meanMatchLength mean f-gram length over the matched positions
 * @param suffixClosedProbesPerToken index probes per token when the search stops at the first miss
 * @param probeAllProbesPerToken index probes per token when every length is tried from K down
 * @param positionsByLength positions per match length, indexed by length (0 for no match)
 */
public record MatchStatistics(
        long positions,
        long matchedPositions,
        double meanMatchLength,
        double suffixClosedProbesPerToken,
        double probeAllProbesPerToken,
        long[] positionsByLength) {

    public MatchStatistics {
        positionsByLength = positionsByLength.clone();
    }

    /** Share of positions that matched an f-gram. */
    public double hitRate() {
        return positions == 0 ? 0 : (double) matchedPositions / positions;
    }

    /** Positions per match length, indexed by length (0 for no match). */
    @Override
    public long[] positionsByLength() {
        return positionsByLength.clone();
    }
}
