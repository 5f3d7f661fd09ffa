package dev.scone.flink.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.scone.flink.service.settings.KafkaSettings.OutputFormat;
import dev.scone.schemas.Result;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaCommittable;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaWriterState;
import org.apache.flink.connector.kafka.sink.TwoPhaseCommittingStatefulSink.PrecommittingStatefulSinkWriter;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.junit.jupiter.api.Test;

class CloseSafeKafkaSinkTest {

    @Test
    void keepsWhatTheKafkaSinkIsToFlink() {
        KafkaSink<Result> kafka =
                KafkaSink.<Result>builder()
                        .setBootstrapServers("127.0.0.1:9092")
                        .setRecordSerializer(
                                RecordSerializer.results("scone.results", OutputFormat.json))
                        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                        .setTransactionalIdPrefix("scone-test")
                        .build();
        CloseSafeKafkaSink<Result> sink = new CloseSafeKafkaSink<>(kafka);

        assertThat(sink)
                .isInstanceOf(SupportsWriterState.class)
                .isInstanceOf(SupportsCommitter.class)
                .isInstanceOf(SupportsPostCommitTopology.class);
        assertThat(sink.getWriterStateSerializer().getClass())
                .isEqualTo(kafka.getWriterStateSerializer().getClass());
        assertThat(sink.getCommittableSerializer().getClass())
                .isEqualTo(kafka.getCommittableSerializer().getClass());
    }

    @Test
    void theWriterPassesEverythingOnAndClosesWithoutThrowing() throws Exception {
        RecordingWriter kafkaWriter = new RecordingWriter();
        CloseSafeKafkaSink.Writer<String> writer = new CloseSafeKafkaSink.Writer<>(kafkaWriter);

        writer.write("a", null);
        writer.writeWatermark(new Watermark(7));
        writer.flush(false);
        List<KafkaWriterState> state = writer.snapshotState(3);
        Collection<KafkaCommittable> committables = writer.prepareCommit();

        assertThat(kafkaWriter.calls)
                .containsExactly("write a", "watermark 7", "flush false", "snapshot 3", "commit");
        assertThat(state).isSameAs(kafkaWriter.state);
        assertThat(committables).isSameAs(kafkaWriter.committables);

        assertThatCode(writer::close).doesNotThrowAnyException();
        assertThat(kafkaWriter.calls).endsWith("close");
    }

    @Test
    void anInterruptedCloseKeepsTheInterruptFlag() {
        RecordingWriter kafkaWriter = new RecordingWriter();
        kafkaWriter.closeFailure = new InterruptedException("cancelled");
        CloseSafeKafkaSink.Writer<String> writer = new CloseSafeKafkaSink.Writer<>(kafkaWriter);

        try {
            writer.close();
            assertThat(Thread.currentThread().isInterrupted()).isTrue();
        } finally {
            Thread.interrupted();
        }
    }

    /** A Kafka writer that records its calls and fails its close as Kafka's does. */
    private static final class RecordingWriter
            implements PrecommittingStatefulSinkWriter<String, KafkaWriterState, KafkaCommittable> {

        final List<String> calls = new ArrayList<>();
        final List<KafkaWriterState> state = new ArrayList<>();
        final List<KafkaCommittable> committables = new ArrayList<>();
        Exception closeFailure =
                new IOException("One or more Kafka Producer send requests have encountered");

        @Override
        public void write(String element, Context context) {
            calls.add("write " + element);
        }

        @Override
        public void writeWatermark(Watermark watermark) {
            calls.add("watermark " + watermark.getTimestamp());
        }

        @Override
        public void flush(boolean endOfInput) {
            calls.add("flush " + endOfInput);
        }

        @Override
        public List<KafkaWriterState> snapshotState(long checkpointId) {
            calls.add("snapshot " + checkpointId);
            return state;
        }

        @Override
        public Collection<KafkaCommittable> prepareCommit() {
            calls.add("commit");
            return committables;
        }

        @Override
        public void close() throws Exception {
            calls.add("close");
            throw closeFailure;
        }
    }
}
