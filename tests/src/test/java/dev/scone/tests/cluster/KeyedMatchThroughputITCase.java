package dev.scone.tests.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.flink.service.MetricNames;
import dev.scone.flink.service.RequestKey;
import dev.scone.flink.service.ServiceMetrics;
import dev.scone.flink.service.matching.FgramMatch;
import dev.scone.flink.service.matching.PositionLookup;
import dev.scone.flink.service.matching.PositionMatch;
import dev.scone.flink.service.matching.TableUpdate;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;

/**
 * The measured point of docs/scaling.md: how many longest-match lookups per second the keyed f-gram
 * table answers on RocksDB at parallelism 1 and 2 on this machine. The table is loaded into keyed
 * state first; only then are the lookups released, and the time from release to the job's end is
 * what is reported ({@code [scaling]} lines). What is asserted is correctness: every lookup
 * answered, with the match length a direct search of the same table gives.
 */
class KeyedMatchThroughputITCase {

    private static final int PHRASES = 40_000;
    private static final int ENTRIES = PHRASES * 4;
    private static final int LOOKUPS = 400_000;
    private static final int DIMENSION = 64;
    private static final int VOCABULARY = 4096;
    private static final Duration LIMIT = Duration.ofMinutes(3);

    /** Lookups wait at their source until the test has seen the whole table applied. */
    private static volatile boolean lookupsReleased;

    /** Answers by match length 0..5, counted as they leave the match operator. */
    private static final AtomicLongArray ANSWERED = new AtomicLongArray(6);

    @Test
    void lookupsPerSecondAtParallelismOneAndTwo() throws Exception {
        long[] expected = offlineMatchLengths(LOOKUPS);
        // A first, smaller run warms the JIT so neither measured run pays for it.
        run(1, LOOKUPS / 8);
        double[] rates = new double[3];
        for (int parallelism = 1; parallelism <= 2; parallelism++) {
            long nanos = run(parallelism, LOOKUPS);
            long[] answered = answered();
            assertThat(answered)
                    .as("answers by match length at parallelism %d", parallelism)
                    .containsExactly(expected);
            rates[parallelism] = LOOKUPS / (nanos / 1e9);
            System.out.printf(
                    "[scaling] keyed-state match, RocksDB, %d f-grams (d=%d), %d lookups"
                            + " (%.0f%% hits), parallelism %d: %.2f s, %.0f lookups/s%n",
                    ENTRIES,
                    DIMENSION,
                    LOOKUPS,
                    100.0 * (LOOKUPS - expected[0]) / LOOKUPS,
                    parallelism,
                    nanos / 1e9,
                    rates[parallelism]);
        }
        System.out.printf(
                "[scaling] speed-up from parallelism 1 to 2 on %d cores: %.2fx%n",
                Runtime.getRuntime().availableProcessors(), rates[2] / rates[1]);
    }

    /** Loads the table, releases the lookups and returns nanoseconds from release to the end. */
    private static long run(int parallelism, int lookups) throws Exception {
        lookupsReleased = false;
        for (int i = 0; i < ANSWERED.length(); i++) {
            ANSWERED.set(i, 0);
        }
        Configuration configuration = new Configuration();
        configuration.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        configuration.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(300));
        StreamExecutionEnvironment env =
                InProcessCluster.create(configuration, parallelism, 18_300);
        env.setParallelism(parallelism);
        env.setMaxParallelism(128);

        var updates = generated(env, new TableEntries(), ENTRIES, TableUpdate.class, "table");
        var positions =
                generated(env, new GatedLookups(), lookups, PositionLookup.class, "lookups");
        positions
                .keyBy(new LookupBigram())
                .connect(updates.keyBy(new UpdateBigram()))
                .process(new FgramMatch())
                .map(new CountByLength())
                .sinkTo(new DiscardingSink<>());

        JobClient job = env.executeAsync("keyed match throughput");
        try {
            ServiceMetrics metrics =
                    new ServiceMetrics(
                            InProcessCluster.restAddress(env), job.getJobID().toHexString());
            assertThat(metrics.awaitAtLeast(MetricNames.TABLE_UPDATES_APPLIED, ENTRIES, LIMIT))
                    .as("the table is loaded")
                    .isTrue();
            long start = System.nanoTime();
            lookupsReleased = true;
            job.getJobExecutionResult().get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            return System.nanoTime() - start;
        } finally {
            lookupsReleased = true;
        }
    }

    /** A bounded source of {@code count} POJOs that {@code generator} makes from their index. */
    private static <T> DataStream<T> generated(
            StreamExecutionEnvironment env,
            GeneratorFunction<Long, T> generator,
            long count,
            Class<T> type,
            String name) {
        return env.fromSource(
                new DataGeneratorSource<>(generator, count, Types.POJO(type)),
                WatermarkStrategy.noWatermarks(),
                name);
    }

    private static long[] answered() {
        long[] counts = new long[ANSWERED.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = ANSWERED.get(i);
        }
        return counts;
    }

    /** Match lengths of the lookups by a direct search of the same table. */
    private static long[] offlineMatchLengths(int lookups) {
        Set<String> table = new HashSet<>();
        for (int i = 0; i < ENTRIES; i++) {
            table.add(Arrays.toString(entryTokens(i)));
        }
        long[] counts = new long[6];
        for (int i = 0; i < lookups; i++) {
            int[] context = lookupContext(i);
            int length = 0;
            for (int candidate = context.length; candidate >= 2 && length == 0; candidate--) {
                int[] suffix =
                        Arrays.copyOfRange(context, context.length - candidate, context.length);
                if (table.contains(Arrays.toString(suffix))) {
                    length = candidate;
                }
            }
            counts[length]++;
        }
        return counts;
    }

    /** The five tokens of phrase {@code j}: every suffix of 2..5 of them is a table entry. */
    private static int[] phrase(int j) {
        SplittableRandom random = new SplittableRandom(0x5C0E_0000L + j);
        int[] tokens = new int[5];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = random.nextInt(VOCABULARY);
        }
        return tokens;
    }

    /** Entry i: the suffix of length 2 + i % 4 of phrase i / 4, so the table is suffix-closed. */
    private static int[] entryTokens(long i) {
        int[] phrase = phrase((int) (i / 4));
        int length = 2 + (int) (i % 4);
        return Arrays.copyOfRange(phrase, 5 - length, 5);
    }

    /** Half the lookups end with a whole phrase (a hit of length 5), half with random tokens. */
    private static int[] lookupContext(long i) {
        if (i % 2 == 0) {
            return phrase((int) ((i / 2 * 7919) % PHRASES));
        }
        SplittableRandom random = new SplittableRandom(0xA11CEL + i);
        int[] tokens = new int[5];
        for (int k = 0; k < tokens.length; k++) {
            tokens[k] = random.nextInt(VOCABULARY);
        }
        return tokens;
    }

    private static final class TableEntries implements GeneratorFunction<Long, TableUpdate> {
        @Override
        public TableUpdate map(Long index) {
            byte[] vector = new byte[DIMENSION * 2];
            new SplittableRandom(index).nextBytes(vector);
            return new TableUpdate(entryTokens(index), vector, "t1");
        }
    }

    private static final class GatedLookups implements GeneratorFunction<Long, PositionLookup> {
        @Override
        public PositionLookup map(Long index) throws InterruptedException {
            while (!lookupsReleased) {
                Thread.sleep(5);
            }
            return new PositionLookup(
                    new RequestKey("bench.documents", 0, index / 100),
                    (int) (index % 100),
                    lookupContext(index));
        }
    }

    private static final class LookupBigram implements KeySelector<PositionLookup, Long> {
        @Override
        public Long getKey(PositionLookup lookup) {
            return lookup.bigram();
        }
    }

    private static final class UpdateBigram implements KeySelector<TableUpdate, Long> {
        @Override
        public Long getKey(TableUpdate update) {
            return update.bigram();
        }
    }

    private static final class CountByLength implements MapFunction<PositionMatch, Integer> {
        @Override
        public Integer map(PositionMatch match) {
            ANSWERED.incrementAndGet(match.length);
            return match.length;
        }
    }
}
