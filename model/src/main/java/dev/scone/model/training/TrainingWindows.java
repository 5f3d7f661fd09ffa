package dev.scone.model.training;

import dev.scone.model.matching.LongestMatcher;
import dev.scone.model.serving.ContextWindows;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Cuts a tokenized document into training windows the same way {@link ContextWindows} cuts it for
 * scoring: windows of C tokens that overlap by one, so every token but the document's first is a
 * target exactly once and a window never exceeds the decoder's context. (A window of C + 1 tokens
 * would not fit: the decoder reads all of a window's tokens, the last one included.)
 *
 * <p>Match lengths come from one longest-match scan over the whole document. A match that reaches
 * back before a window's first token cannot be used as it is, because A_F embeds the f-gram from
 * the window's own tokens; such a position instead takes the longest f-gram that lies inside the
 * window. With a suffix-closed vocabulary that is simply {@code min(length, i + 1)} for window
 * position i (0 when fewer than two tokens remain), which is what the matcher confirms. Only the
 * first K - 1 positions of a window can be affected, and the first position of a window is context
 * only, never a target.
 */
public final class TrainingWindows {

    private TrainingWindows() {}

    /**
     * The windows of one document.
     *
     * @param tokens the document's token ids
     * @param documentMatches longest match length at every position of the whole document, or null
     *     for a model without f-grams
     * @param contextLength C, the decoder's context
     * @param matcher the matcher that produced {@code documentMatches}, to re-match positions whose
     *     f-gram crosses a window start; may be null when {@code documentMatches} is null
     * @return the windows in document order; none for a document of fewer than two tokens
     */
    public static List<TrainingWindow> cut(
            int[] tokens, int[] documentMatches, int contextLength, LongestMatcher matcher) {
        if (documentMatches != null && documentMatches.length != tokens.length) {
            throw new IllegalArgumentException(
                    "A document of "
                            + tokens.length
                            + " tokens needs as many match lengths, not "
                            + documentMatches.length
                            + ".");
        }
        if (documentMatches != null) {
            Objects.requireNonNull(matcher, "matcher");
        }
        int[] starts = ContextWindows.starts(tokens.length, contextLength);
        List<TrainingWindow> windows = new ArrayList<>(starts.length);
        for (int start : starts) {
            int end = ContextWindows.end(start, tokens.length, contextLength);
            int[] lengths = null;
            if (documentMatches != null) {
                lengths = new int[end - start];
                for (int i = start; i < end; i++) {
                    int length = documentMatches[i];
                    if (length > i - start + 1) {
                        length = matcher.longestEndingAt(tokens, start, i);
                    }
                    lengths[i - start] = length;
                }
            }
            windows.add(new TrainingWindow(Arrays.copyOfRange(tokens, start, end), lengths));
        }
        return windows;
    }
}
