package dev.scone.flink.service.decoder;

import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;

/** What the decoder made of one document: a result, or a dead letter saying why not. */
public class DecodeOutcome {

    public Result result;
    public DeadLetter deadLetter;

    public DecodeOutcome() {}

    public static DecodeOutcome of(Result result) {
        DecodeOutcome outcome = new DecodeOutcome();
        outcome.result = result;
        return outcome;
    }

    public static DecodeOutcome failed(DeadLetter deadLetter) {
        DecodeOutcome outcome = new DecodeOutcome();
        outcome.deadLetter = deadLetter;
        return outcome;
    }
}
