package dev.scone.model.nn;

/**
 * One training batch: token windows and, per position, the length of the longest f-gram ending
 * there (0 when none), as tagged by the longest-match pre-scan.
 *
 * @param tokens token windows; each predicts its own tokens 1..n-1
 * @param matchLengths same shape as {@code tokens}; null for a baseline run
 */
public record TrainingBatch(int[][] tokens, int[][] matchLengths) {

    /** Number of next-token predictions the batch trains on. */
    public long predictions() {
        long count = 0;
        for (int[] window : tokens) {
            count += Math.max(0, window.length - 1);
        }
        return count;
    }
}
