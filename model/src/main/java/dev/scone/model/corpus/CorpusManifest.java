package dev.scone.model.corpus;

/**
 * One corpus of a prepared directory, such as {@code brown-a} or {@code fortunes}, and its three
 * splits.
 */
public record CorpusManifest(
        String name, SplitManifest train, SplitManifest validation, SplitManifest test) {

    /** The entry of {@code split}. */
    public SplitManifest split(Split split) {
        return switch (split) {
            case TRAIN -> train;
            case VALIDATION -> validation;
            case TEST -> test;
        };
    }

    /** Documents over all three splits. */
    public int documents() {
        return train.documents() + validation.documents() + test.documents();
    }
}
