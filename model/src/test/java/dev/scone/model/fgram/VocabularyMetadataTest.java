package dev.scone.model.fgram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocabularyMetadataTest {

    private static final VocabularyMetadata METADATA =
            new VocabularyMetadata(
                    1,
                    "gpt2-r50k_base",
                    5,
                    5,
                    1_000_000,
                    9_000_000_000L,
                    12_000_000,
                    new long[] {0, 0, 600_000, 300_000, 80_000, 20_000},
                    21_956,
                    "2025-06-01T12:00:00Z",
                    "ab".repeat(32));

    @Test
    void roundTripsThroughJson() {
        String json = METADATA.toJson();

        assertThat(json).contains("\"keptPerLength\"").contains("\"countAtCut\" : 21956");
        assertThat(VocabularyMetadata.fromJson(json, "test")).isEqualTo(METADATA);
    }

    @Test
    void roundTripsThroughASummaryFile(@TempDir Path dir) throws IOException {
        Path summary = dir.resolve("vocabulary.json");

        METADATA.writeJson(summary);

        assertThat(VocabularyMetadata.readJson(summary)).isEqualTo(METADATA);
    }

    @Test
    void providesEmptyContentForProvenanceOnly() {
        VocabularyMetadata provenance =
                VocabularyMetadata.provenance("gpt2-r50k_base", 4, 5, 0, 100, 2, "now");

        assertThat(provenance.keptPerLength()).containsExactly(0, 0, 0, 0, 0);
        assertThat(provenance.fingerprint()).isNull();
        assertThat(VocabularyMetadata.fromJson(provenance.toJson(), "test")).isEqualTo(provenance);
        assertThat(provenance.withContent(new long[] {0, 0, 1, 0, 0}, 9, "f").kept(2)).isEqualTo(1);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        String json = METADATA.toJson().replaceFirst("\\{", "{ \"addedLater\" : [1, 2],");

        assertThat(VocabularyMetadata.fromJson(json, "test")).isEqualTo(METADATA);
    }

    @Test
    void refusesANewerFormatVersion() {
        String json = METADATA.toJson().replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");

        assertThatThrownBy(() -> VocabularyMetadata.fromJson(json, "vocab.json"))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessage(
                        "vocab.json has vocabulary format version 2, newer than the 1 this build"
                                + " reads; use a newer SCONE Stream.");
    }

    @Test
    void reportsTextThatIsNotMetadata() {
        assertThatThrownBy(() -> VocabularyMetadata.fromJson("[1, 2]", "a.json"))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessage("The vocabulary metadata in a.json is not a JSON object.");
        assertThatThrownBy(() -> VocabularyMetadata.fromJson("{\"maxN\": 5", "b.json"))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageStartingWith("The vocabulary metadata in b.json is not valid: ");
        assertThatThrownBy(() -> VocabularyMetadata.fromJson("{\"formatVersion\": 1}", "c.json"))
                .isInstanceOf(InvalidVocabularyException.class)
                .hasMessageStartingWith("The vocabulary metadata in c.json is not valid: ");
    }

    @Test
    void keepsItsCountsPerLengthToItself() {
        long[] kept = METADATA.keptPerLength();
        kept[2] = -1;

        assertThat(METADATA.kept(2)).isEqualTo(600_000);
        assertThat(METADATA.kept(7)).isZero();
        assertThat(METADATA.totalKept()).isEqualTo(1_000_000);
    }

    @Test
    void rejectsOutOfRangeFields() {
        assertThatThrownBy(() -> VocabularyMetadata.provenance("t", 6, 5, 0, 0, 0, "now"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The longest f-gram length K must be between 2 and 5, not 6.");
        assertThatThrownBy(() -> VocabularyMetadata.provenance("t", 5, -1, 0, 0, 0, "now"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be negative");
        assertThatThrownBy(() -> METADATA.withContent(new long[3], 0, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("keptPerLength must have one entry per length 0..5, not 3.");
    }
}
