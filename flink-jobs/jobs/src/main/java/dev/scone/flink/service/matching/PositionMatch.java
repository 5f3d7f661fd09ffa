package dev.scone.flink.service.matching;

import dev.scone.flink.service.RequestKey;

/** The answer to a {@link PositionLookup}: the longest f-gram ending there, if any. */
public class PositionMatch {

    public RequestKey requestKey;
    public int position;

    /** Length 2..K of the longest f-gram ending at the position, or 0 for none. */
    public int length;

    /** That f-gram's bf16 vector, little-endian; null when length is 0. */
    public byte[] vector;

    /** Table version of the matched entry, or the newest version this subtask applied. */
    public String tableVersion;

    /** When the version above was applied, so the assembler can pick the newest. */
    public long tableVersionAppliedAt;

    public PositionMatch() {}
}
