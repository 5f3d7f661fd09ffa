package dev.scone.flink.service.decoder;

import dev.scone.model.table.FgramTable;
import java.io.Serializable;

/**
 * Opens the decoder's read replica of the f-gram table, used for tokens generated inside the decode
 * loop (a Flink job graph has no cycles, so they cannot go back through keyed state).
 */
public interface ReplicaFactory extends Serializable {

    /** Opens (and starts filling) the replica of one decoder subtask. */
    FgramTable open(int subtaskIndex) throws Exception;
}
