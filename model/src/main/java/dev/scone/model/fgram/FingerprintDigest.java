package dev.scone.model.fgram;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 over f-gram rows fed in ranking order: each row contributes its length (one byte), its
 * token ids (four bytes each, big-endian) and its count (eight bytes). Two vocabularies with the
 * same rows and counts get the same fingerprint however they were built.
 */
final class FingerprintDigest {

    private final MessageDigest digest;
    private final ByteBuffer row = ByteBuffer.allocate(1 + FgramKey.MAX_LENGTH * 4 + 8);

    FingerprintDigest() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime provides SHA-256.", e);
        }
    }

    void add(int[] gram, long count) {
        row.clear();
        row.put((byte) gram.length);
        for (int token : gram) {
            row.putInt(token);
        }
        row.putLong(count);
        digest.update(row.array(), 0, row.position());
    }

    void add(long lo, long hi, long count) {
        int length = FgramKey.length(hi);
        row.clear();
        row.put((byte) length);
        for (int k = 0; k < length; k++) {
            row.putInt(PackedGrams.token(lo, hi, k));
        }
        row.putLong(count);
        digest.update(row.array(), 0, row.position());
    }

    /** The digest of the rows fed so far, as lowercase hex; more rows may follow. */
    String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) digest.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The SHA-256 implementation cannot be copied.", e);
        }
    }
}
