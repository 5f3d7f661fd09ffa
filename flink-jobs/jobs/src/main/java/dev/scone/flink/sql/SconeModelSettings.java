package dev.scone.flink.sql;

import dev.scone.flink.service.settings.ReplicaSettings;
import dev.scone.flink.sql.SconeModelOptions.Task;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A SCONE model as planned: its options checked and resolved once on the client, so each task only
 * loads what they name. Serialisable, as it travels in the job graph.
 *
 * @param modelDir absolute model directory
 * @param modelVersion the model's version, which table entries must carry
 * @param dimension the model's embedding dimension
 * @param maxFgramLength the model's K
 * @param task what each row gets
 * @param outputs the OUTPUT columns, in the model's order
 * @param tableFile the table file each task loads; null with a table topic or for a baseline
 * @param tableTopic the changelog topic each task's replica follows; null otherwise
 * @param kafkaProperties client properties of the replica's consumer
 * @param replica where a topic replica lives
 * @param batchSize most rows per forward pass
 * @param maxWait longest a row waits for a batch to fill
 * @param threads PyTorch threads per task; 0 shares the cores out over the parallel tasks
 * @param maxNewTokens generate: tokens per row
 * @param temperature generate: sampling temperature, 0 greedy
 * @param topK generate: top-k, 0 for all
 * @param seed generate: sampling seed
 */
record SconeModelSettings(
        String modelDir,
        String modelVersion,
        int dimension,
        int maxFgramLength,
        Task task,
        List<OutputColumn> outputs,
        String tableFile,
        String tableTopic,
        Map<String, String> kafkaProperties,
        ReplicaSettings replica,
        int batchSize,
        Duration maxWait,
        int threads,
        int maxNewTokens,
        float temperature,
        int topK,
        long seed)
        implements Serializable {}
