package dev.scone.flink.service.kafka;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KafkaSink} whose writers never throw from {@code close()}; everything else is the Kafka
 * sink's own (writer, state, committer, transactions, the co-location of writer and committer).
 *
 * <p>Why: Flink 2.2 closes the operators of a failed or cancelled task inside the task's failure
 * handler, and anything thrown there is fatal for the whole TaskManager ({@code FATAL - exception
 * in exception handler of task}, then the TaskManager's fatal-error handler): a standalone or
 * Kubernetes TaskManager process exits and is restarted, and the only TaskManager of an in-process
 * MiniCluster is closed for good, so the job waits for slots forever. The Kafka writer's close
 * rethrows a send failure recorded after the one that already failed the task (the second refused
 * batch when the WRITE ACL on the topic was revoked: one per partition), and may throw when it
 * aborts the open transaction without a broker. Such a failure is logged here and not rethrown. No
 * record is lost or written twice by that: the task has failed already, with the failure that
 * matters; the open transaction was never committed, and the restored writer aborts it and writes
 * its records again from the checkpoint. A close after a successful end of input has nothing left
 * to fail, since the flush before the last commit waits for every send and rethrows its failure.
 */
public final class CloseSafeKafkaSink<T>
        implements TwoPhaseCommittingStatefulSink<T, KafkaWriterState, KafkaCommittable>,
                SupportsPostCommitTopology<KafkaCommittable> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(CloseSafeKafkaSink.class);

    private final KafkaSink<T> sink;

    /** The given Kafka sink, with writers that close without throwing. */
    public CloseSafeKafkaSink(KafkaSink<T> sink) {
        this.sink = sink;
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> createWriter(
            WriterInitContext context) throws IOException {
        return new Writer<>(sink.createWriter(context));
    }

    @Override
    public PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> restoreWriter(
            WriterInitContext context, Collection<KafkaWriterState> recoveredState)
            throws IOException {
        return new Writer<>(sink.restoreWriter(context, recoveredState));
    }

    @Override
    public SimpleVersionedSerializer<KafkaWriterState> getWriterStateSerializer() {
        return sink.getWriterStateSerializer();
    }

    @Override
    public Committer<KafkaCommittable> createCommitter(CommitterInitContext context) {
        return sink.createCommitter(context);
    }

    @Override
    public SimpleVersionedSerializer<KafkaCommittable> getCommittableSerializer() {
        return sink.getCommittableSerializer();
    }

    @Override
    public void addPostCommitTopology(
            DataStream<CommittableMessage<KafkaCommittable>> committables) {
        sink.addPostCommitTopology(committables);
    }

    /** The Kafka writer, with a close that logs its failure instead of throwing it. */
    static final class Writer<T>
            implements PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> {

        private final PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer;

        Writer(PrecommittingStatefulSinkWriter<T, KafkaWriterState, KafkaCommittable> writer) {
            this.writer = writer;
        }

        @Override
        public void write(T element, Context context) throws IOException, InterruptedException {
            writer.write(element, context);
        }

        @Override
        public void flush(boolean endOfInput) throws IOException, InterruptedException {
            writer.flush(endOfInput);
        }

        @Override
        public void writeWatermark(Watermark watermark) throws IOException, InterruptedException {
            writer.writeWatermark(watermark);
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) throws IOException {
            return writer.snapshotState(checkpointId);
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit()
                throws IOException, InterruptedException {
            return writer.prepareCommit();
        }

        /**
         * Closes the Kafka writer, which releases its producers before it reports a failure; the
         * failure is logged, not thrown (see the class comment).
         */
        @Override
        public void close() {
            try {
                writer.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("Interrupted while closing the Kafka writer.");
            } catch (Exception e) {
                LOG.warn(
                        "Closing the Kafka writer failed; the open transaction is aborted when"
                                + " the job restores from its checkpoint: {}",
                        e.toString(),
                        e);
            }
        }
    }
}
