package dev.scone.flink.service.decoder;

import java.io.Serializable;

/**
 * Opens the served model inside a decoder subtask. Serializable so the job graph carries only how
 * to load the model, never the model itself; each parallel instance loads its own in open().
 */
public interface ModelSessionFactory extends Serializable {

    /**
     * @param subtaskIndex which decoder subtask asks, so GPUs can be assigned one per subtask
     */
    ModelSession open(int subtaskIndex) throws Exception;
}
