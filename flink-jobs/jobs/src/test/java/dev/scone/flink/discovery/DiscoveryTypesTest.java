package dev.scone.flink.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.api.Test;

/** Every record and state type of the job has a Flink serializer of its own, never Kryo. */
class DiscoveryTypesTest {

    @Test
    void recordsAndStateArePojos() {
        for (Class<?> type :
                new Class<?>[] {
                    NgramOccurrence.class,
                    DiscoveryEvent.class,
                    TableWrite.class,
                    CandidateState.class,
                    DiscoveredEntry.class
                }) {
            assertThat(TypeInformation.of(type))
                    .as(type.getSimpleName())
                    .isInstanceOf(PojoTypeInfo.class);
        }
    }

    @Test
    void discoveredEntriesCarryAVersionOfTheirOwn() {
        assertThat(DiscoveryVersion.of("scone-tiny-1")).isEqualTo("scone-tiny-1+discovered");
        assertThat(DiscoveryVersion.isDiscovered("scone-tiny-1+discovered")).isTrue();
        assertThat(DiscoveryVersion.isDiscovered("scone-tiny-1+0123456789ab")).isFalse();
        assertThat(DiscoveryVersion.isDiscovered("")).isFalse();
    }
}
