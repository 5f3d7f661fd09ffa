package dev.scone.model.corpus;

import java.util.Locale;

/** The three disjoint parts every corpus is divided into. */
public enum Split {
    TRAIN,
    VALIDATION,
    TEST;

    /** The folder under the prepared corpus directory that holds this split's files. */
    public String directoryName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
