package dev.scone.flink.service.decoder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.flink.service.DocumentRequest;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.assembly.AssembledDocument;
import dev.scone.flink.service.settings.DecoderSettings;
import dev.scone.model.serving.ScoredDocument;
import dev.scone.model.table.FgramTable;
import dev.scone.model.table.InMemoryFgramTable;
import dev.scone.schemas.DeadLetter;
import dev.scone.schemas.Result;
import dev.scone.schemas.Task;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.streaming.api.functions.async.CollectionSupplier;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The decoder operator around a scripted model session: what goes into a result or dead letter. */
class DecoderFunctionTest {

    private static final DecoderSettings SETTINGS =
            new DecoderSettings(4, Duration.ofMillis(5), Duration.ofSeconds(30), 1, 16);

    private DecoderFunction decoder;

    @AfterEach
    void closeDecoder() throws Exception {
        if (decoder != null) {
            decoder.close();
        }
    }

    @Test
    void aScoredDocumentCarriesItsMatchStatisticsVersionsAndAskedForLogProbs() throws Exception {
        open(new ScriptedModel(false), null);
        AssembledDocument document = document(1, Task.SCORE, new int[] {0, 2, 3, 0}, "table-3");
        document.request.returnTokenLogProbs = true;
        document.request.attributes = Map.of("tenant", "a");

        DecodeOutcome outcome = decode(document);

        assertThat(outcome.deadLetter).isNull();
        Result result = outcome.result;
        assertThat(result.getId()).isEqualTo("doc-1");
        assertThat(result.getTask()).isEqualTo(Task.SCORE);
        assertThat(result.getTokens()).isEqualTo(4);
        assertThat(result.getMatchedPositions()).isEqualTo(2);
        assertThat(result.getMeanMatchLength()).isEqualTo(2.5);
        assertThat(result.getLogLikelihood()).isEqualTo(-3.0);
        assertThat(result.getPerplexity()).isEqualTo(Math.exp(1.0), within());
        assertThat(result.getTokenLogProbs()).containsExactly(-1f, -1f, -1f);
        assertThat(result.getModelVersion()).isEqualTo("scripted-1");
        assertThat(result.getTableVersion()).isEqualTo("table-3");
        assertThat(result.getAttributes()).containsEntry("tenant", "a");
    }

    @Test
    void logProbsAreLeftOutUnlessAskedFor() throws Exception {
        open(new ScriptedModel(false), null);
        DecodeOutcome outcome = decode(document(2, Task.SCORE, new int[] {0, 0, 0}, ""));
        assertThat(outcome.result.getTokenLogProbs()).isEmpty();
        assertThat(outcome.result.getMatchedPositions()).isZero();
        assertThat(outcome.result.getMeanMatchLength()).isZero();
    }

    @Test
    void aGenerationReportsTheReplicaTableVersionItUsed() throws Exception {
        InMemoryFgramTable replica = new InMemoryFgramTable(2, "scripted-1", "replica-9");
        open(new ScriptedModel(false), replica);

        DecodeOutcome outcome = decode(document(3, Task.GENERATE, new int[] {0, 2}, "table-3"));

        assertThat(outcome.result.getGeneratedText()).isEqualTo(" more");
        assertThat(outcome.result.getGeneratedTokens()).containsExactly(517, 518);
        assertThat(outcome.result.getTableVersion()).isEqualTo("replica-9");
        assertThat(outcome.result.getPromptTokensDropped()).isEqualTo(3);
    }

    @Test
    void aModelThatFailsDeadLettersTheDocumentWithTheReason() throws Exception {
        open(new ScriptedModel(true), null);

        DecodeOutcome scored = decode(document(4, Task.SCORE, new int[] {0, 2}, ""));
        DecodeOutcome generated = decode(document(5, Task.GENERATE, new int[] {0, 2}, ""));

        assertThat(scored.result).isNull();
        assertThat(scored.deadLetter.getReason())
                .isEqualTo("document doc-4: scoring failed: out of memory");
        assertThat(scored.deadLetter.getOffset()).isEqualTo(4);
        assertThat(generated.deadLetter.getReason())
                .isEqualTo("document doc-5: generation failed: out of memory");
    }

    @Test
    void aTimeoutIsADeadLetterNamingTheLimit() throws Exception {
        open(new ScriptedModel(false), null);
        CapturingFuture future = new CapturingFuture();
        decoder.timeout(document(6, Task.SCORE, new int[] {0, 2}, ""), future);
        DeadLetter dead = future.outcome().deadLetter;
        assertThat(dead.getReason()).isEqualTo("document doc-6: decoder took longer than PT30S");
    }

    private void open(ModelSession model, FgramTable replica) throws Exception {
        ModelSessionFactory models = subtask -> model;
        ReplicaFactory replicas = replica == null ? null : subtask -> replica;
        decoder = new DecoderFunction(SETTINGS, models, replicas);
        decoder.setRuntimeContext(new MockStreamingRuntimeContext(1, 0));
        decoder.open(DefaultOpenContext.INSTANCE);
    }

    private DecodeOutcome decode(AssembledDocument document) throws Exception {
        CapturingFuture future = new CapturingFuture();
        decoder.asyncInvoke(document, future);
        return future.outcome();
    }

    /** A document of {@code matchLengths.length} tokens whose positions matched those lengths. */
    private static AssembledDocument document(
            long offset, Task task, int[] matchLengths, String tableVersion) {
        DocumentRequest request = new DocumentRequest();
        request.requestKey = new RequestKey("scone.documents", 0, offset);
        request.id = "doc-" + offset;
        request.task = task;
        request.text = "text";
        request.tokens = new int[matchLengths.length];
        request.maxNewTokens = 2;
        request.ingestMillis = System.currentTimeMillis();
        AssembledDocument document = new AssembledDocument();
        document.request = request;
        document.matchLengths = matchLengths;
        document.tableVersion = tableVersion;
        return document;
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    /** Scores every predicted token at -1 nat and continues every prompt with " more". */
    private static final class ScriptedModel implements ModelSession {
        private final boolean failing;

        ScriptedModel(boolean failing) {
            this.failing = failing;
        }

        @Override
        public String modelVersion() {
            return "scripted-1";
        }

        @Override
        public List<ScoredDocument> score(List<AssembledDocument> batch) {
            if (failing) {
                throw new IllegalStateException("out of memory");
            }
            List<ScoredDocument> outputs = new ArrayList<>();
            for (AssembledDocument document : batch) {
                int predicted = document.request.tokens.length - 1;
                float[] logProbs = new float[predicted];
                java.util.Arrays.fill(logProbs, -1f);
                outputs.add(new ScoredDocument(logProbs, -predicted, 0, 0.0));
            }
            return outputs;
        }

        @Override
        public GenerateOutput generate(AssembledDocument prompt, FgramTable replica) {
            if (failing) {
                throw new IllegalStateException("out of memory");
            }
            return new GenerateOutput(new int[] {517, 518}, " more", 0, 3);
        }

        @Override
        public void close() {}
    }

    /** The async operator's callback, as a future the test can wait on. */
    private static final class CapturingFuture implements ResultFuture<DecodeOutcome> {
        private final CompletableFuture<Collection<DecodeOutcome>> done = new CompletableFuture<>();

        @Override
        public void complete(Collection<DecodeOutcome> result) {
            done.complete(result);
        }

        @Override
        public void completeExceptionally(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void complete(CollectionSupplier<DecodeOutcome> supplier) {
            try {
                done.complete(supplier.get());
            } catch (Exception e) {
                done.completeExceptionally(e);
            }
        }

        DecodeOutcome outcome() throws Exception {
            Collection<DecodeOutcome> outcomes = done.get(30, TimeUnit.SECONDS);
            assertThat(outcomes).hasSize(1);
            return outcomes.iterator().next();
        }
    }
}
