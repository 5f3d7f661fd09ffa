package dev.scone.model.fgram;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The deterministic total order that picks the top S f-grams and numbers a vocabulary's rows: count
 * descending, then length ascending, then token ids lexicographically ascending.
 *
 * <p>Why this order: with exact counts, every occurrence of an n-gram is also an occurrence of its
 * (n-1)-suffix, so {@code count(suffix) >= count(gram)}; and the suffix is shorter. Either way the
 * suffix ranks strictly before the gram, so any top-S prefix of this order over counted n-grams is
 * closed under taking suffixes, ties in count included, provided every suffix was itself a
 * candidate (Apriori pruning guarantees that: an (n+1)-gram is only counted when its n-suffix
 * reached the minimum count). Longest match can then stop probing at the first miss. {@link
 * SuffixClosure} restores the property where counts were approximate or candidates were dropped.
 */
public final class FgramRanking {

    /** Orders counted f-grams best first. */
    public static final Comparator<CountedFgram> ORDER =
            (a, b) -> compare(a.count(), a.gram(), b.count(), b.gram());

    private FgramRanking() {}

    /**
     * Compares two counted f-grams in ranking order.
     *
     * @return negative when {@code (countA, gramA)} ranks before {@code (countB, gramB)}, zero when
     *     both are the same f-gram with the same count, positive otherwise
     */
    public static int compare(long countA, int[] gramA, long countB, int[] gramB) {
        if (countA != countB) {
            return countA > countB ? -1 : 1;
        }
        if (gramA.length != gramB.length) {
            return gramA.length < gramB.length ? -1 : 1;
        }
        for (int k = 0; k < gramA.length; k++) {
            if (gramA[k] != gramB[k]) {
                return gramA[k] < gramB[k] ? -1 : 1;
            }
        }
        return 0;
    }

    /**
     * The best {@code limit} of {@code candidates} in ranking order, keeping only {@code limit} of
     * them in memory at a time.
     *
     * @param limit how many to keep, S; 0 keeps every candidate
     */
    public static List<CountedFgram> selectTop(Iterable<CountedFgram> candidates, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException(
                    "The number of f-grams to keep must be 0 (all) or positive, not "
                            + limit
                            + ".");
        }
        List<CountedFgram> top;
        if (limit == 0) {
            top = new ArrayList<>();
            candidates.forEach(top::add);
        } else {
            // The heap's head is the worst kept candidate, the one a better newcomer evicts.
            PriorityQueue<CountedFgram> kept = new PriorityQueue<>(ORDER.reversed());
            for (CountedFgram candidate : candidates) {
                if (kept.size() < limit) {
                    kept.add(candidate);
                } else if (ORDER.compare(candidate, kept.peek()) < 0) {
                    kept.poll();
                    kept.add(candidate);
                }
            }
            top = new ArrayList<>(kept);
        }
        top.sort(ORDER);
        return top;
    }
}
