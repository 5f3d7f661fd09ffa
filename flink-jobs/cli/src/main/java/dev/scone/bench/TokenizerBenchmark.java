package dev.scone.bench;

import com.knuddels.jtokkit.Encodings;
import com.knuddels.jtokkit.api.Encoding;
import com.knuddels.jtokkit.api.EncodingType;
import com.knuddels.jtokkit.api.IntArrayList;
import dev.scone.model.tokenizer.Gpt2Tokenizer;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * GPT-2 BPE throughput: {@link Gpt2Tokenizer#encode} against JTokkit's r50k_base encoder called
 * directly, on the same documents in the same fork, one call per document. One operation encodes
 * every document of the {@link TokenizerWorkload} once: encoding speed varies several-fold from one
 * document to the next, so every operation must see the same text.
 *
 * <p>{@link #scone} and {@link #jtokkit} measure each encoder on its own, as JMH usually does.
 * {@link #interleaved} runs both over the same chunks of text in alternation and adds up each one's
 * CPU time, so the two see the same machine from moment to moment; on a shared machine whose load
 * changes within seconds, that is what makes their ratio trustworthy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class TokenizerBenchmark {

    /** Text per timed chunk of the interleaved comparison: long enough to dwarf a clock read. */
    private static final int CHUNK_CHARS = 64 << 10;

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** Directory of corpus text files; empty for the built-in sample. */
    @Param("")
    public String corpusDirectory;

    private List<String> documents;
    private List<List<String>> chunks;
    private long sampleBytes;
    private boolean sconeFirstOnEvenChunks;
    private Gpt2Tokenizer sconeTokenizer;
    private Encoding jtokkitEncoding;

    /** UTF-8 bytes and tokens encoded, which JMH reports per second. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Encoded {
        public long bytes;
        public long tokens;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
            tokens = 0;
        }
    }

    /** CPU time of each encoder in the interleaved comparison, per iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class EncoderCpuTime {
        public long sconeCpuNanos;
        public long jtokkitCpuNanos;
        public long bytesEach;
    }

    @Setup
    public void load() {
        TokenizerWorkload.Sample sample =
                TokenizerWorkload.load(corpusDirectory.isEmpty() ? null : Path.of(corpusDirectory));
        documents = sample.documents();
        sampleBytes = sample.utf8Bytes();
        chunks = new ArrayList<>();
        List<String> chunk = new ArrayList<>();
        int chunkChars = 0;
        for (String document : documents) {
            chunk.add(document);
            chunkChars += document.length();
            if (chunkChars >= CHUNK_CHARS) {
                chunks.add(chunk);
                chunk = new ArrayList<>();
                chunkChars = 0;
            }
        }
        if (!chunk.isEmpty()) {
            chunks.add(chunk);
        }
        sconeTokenizer = Gpt2Tokenizer.get();
        jtokkitEncoding =
                Encodings.newDefaultEncodingRegistry().getEncoding(EncodingType.R50K_BASE);
    }

    @Benchmark
    public void scone(Encoded encoded, CpuTime cpu, Blackhole ids) {
        long tokens = encodeWithScone(documents, ids);
        count(encoded, cpu, tokens);
    }

    @Benchmark
    public void jtokkit(Encoded encoded, CpuTime cpu, Blackhole ids) {
        long tokens = encodeWithJtokkit(documents, ids);
        count(encoded, cpu, tokens);
    }

    @Benchmark
    public void interleaved(EncoderCpuTime time, Blackhole ids) {
        // Who goes first alternates from chunk to chunk and, for each chunk, from one operation
        // to the next, so that neither encoder keeps the edge of text the other left in cache.
        sconeFirstOnEvenChunks = !sconeFirstOnEvenChunks;
        for (int c = 0; c < chunks.size(); c++) {
            List<String> chunk = chunks.get(c);
            if (((c & 1) == 0) == sconeFirstOnEvenChunks) {
                time.sconeCpuNanos += sconeCpuNanos(chunk, ids);
                time.jtokkitCpuNanos += jtokkitCpuNanos(chunk, ids);
            } else {
                time.jtokkitCpuNanos += jtokkitCpuNanos(chunk, ids);
                time.sconeCpuNanos += sconeCpuNanos(chunk, ids);
            }
        }
        time.bytesEach += sampleBytes;
    }

    private long sconeCpuNanos(List<String> chunk, Blackhole ids) {
        long start = THREADS.getCurrentThreadCpuTime();
        encodeWithScone(chunk, ids);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private long jtokkitCpuNanos(List<String> chunk, Blackhole ids) {
        long start = THREADS.getCurrentThreadCpuTime();
        encodeWithJtokkit(chunk, ids);
        return THREADS.getCurrentThreadCpuTime() - start;
    }

    private long encodeWithScone(List<String> texts, Blackhole ids) {
        long tokens = 0;
        for (String text : texts) {
            int[] encoded = sconeTokenizer.encode(text);
            tokens += encoded.length;
            ids.consume(encoded);
        }
        return tokens;
    }

    private long encodeWithJtokkit(List<String> texts, Blackhole ids) {
        long tokens = 0;
        for (String text : texts) {
            IntArrayList encoded = jtokkitEncoding.encodeOrdinary(text);
            tokens += encoded.size();
            ids.consume(encoded);
        }
        return tokens;
    }

    private void count(Encoded encoded, CpuTime cpu, long tokens) {
        encoded.bytes += sampleBytes;
        encoded.tokens += tokens;
        cpu.add(sampleBytes);
    }
}
