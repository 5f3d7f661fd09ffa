package dev.scone.model.fgram;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes a set of f-grams closed under suffixes: every kept n-gram with n >= 3 has its (n-1)-suffix
 * kept too. Longest match relies on this to stop at the first length that misses (one probe for
 * most tokens instead of K-1).
 *
 * <p>The top S by {@link FgramRanking} is closed already when counts are exact; this pass covers
 * the cases where it is not, such as approximate counts or a candidate list cut by other rules.
 */
public final class SuffixClosure {

    private SuffixClosure() {}

    /**
     * Removes, in place, every n-gram (n >= 3) whose (n-1)-suffix is not kept. Lengths are
     * processed shortest first, so a removal cascades to the longer grams that end with it. The
     * order of the remaining elements is unchanged.
     *
     * @param fgrams a modifiable list
     * @return how many f-grams were removed
     */
    public static int enforce(List<CountedFgram> fgrams) {
        CountedFgram[] all = fgrams.toArray(new CountedFgram[0]);
        FgramIndex kept = new FgramIndex(all.length);
        int longest = 0;
        for (CountedFgram fgram : all) {
            longest = Math.max(longest, fgram.length());
        }
        boolean[] removed = new boolean[all.length];
        int removedCount = 0;
        for (int length = CountedFgram.MIN_LENGTH; length <= longest; length++) {
            for (int i = 0; i < all.length; i++) {
                int[] gram = all[i].gram();
                if (gram.length != length) {
                    continue;
                }
                if (length > CountedFgram.MIN_LENGTH && !kept.contains(gram, 1, length - 1)) {
                    removed[i] = true;
                    removedCount++;
                } else {
                    kept.add(gram);
                }
            }
        }
        if (removedCount > 0) {
            List<CountedFgram> remaining = new ArrayList<>(all.length - removedCount);
            for (int i = 0; i < all.length; i++) {
                if (!removed[i]) {
                    remaining.add(all[i]);
                }
            }
            fgrams.clear();
            fgrams.addAll(remaining);
        }
        return removedCount;
    }
}
