package dev.scone.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FgramKeyCodecTest {

    @Test
    void tokenIdsAreBigEndianInt32s() {
        byte[] key = FgramKeyCodec.encode(new int[] {1, 0x01020304, 50256});

        assertThat(key).containsExactly(0, 0, 0, 1, 1, 2, 3, 4, 0, 0, (byte) 0xC4, 0x50);
    }

    @Test
    void keySurvivesRoundTrip() {
        int[] tokens = {464, 13745, 531, 0, 50256};

        assertThat(FgramKeyCodec.decode(FgramKeyCodec.encode(tokens))).containsExactly(tokens);
    }

    @Test
    void keyWithPartialTokenIdIsRefused() {
        assertThatThrownBy(() -> FgramKeyCodec.decode(new byte[7]))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessage("An f-gram key must hold whole 4-byte token ids, but it has 7 bytes.");
    }

    @Test
    void emptyKeyIsRefused() {
        assertThatThrownBy(() -> FgramKeyCodec.decode(new byte[0]))
                .isInstanceOf(RecordDecodingException.class)
                .hasMessageContaining("0 bytes");
        assertThatThrownBy(() -> FgramKeyCodec.encode(new int[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An f-gram key needs at least one token id.");
    }
}
