package dev.scone.kafka;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a client is about to do on Kafka, for {@link KafkaPreflight} to check before it does it: the
 * topics it reads and writes, the consumer groups it joins and the prefixes of the transactional
 * ids it uses. Immutable; every method returns a new instance.
 *
 * @param readTopics topics the client reads; they must exist
 * @param writeTopics topics the client writes; they must exist unless the brokers create topics on
 *     first use and {@code mayAutoCreate} is set
 * @param groups consumer groups the client joins or commits offsets to
 * @param transactionalIdPrefixes prefixes of the transactional ids of exactly-once producers
 * @param mayAutoCreate whether a missing written topic is acceptable on brokers that create topics
 *     on first use (a console producer's habit; a streaming job must not rely on it)
 */
public record KafkaNeeds(
        Set<String> readTopics,
        Set<String> writeTopics,
        Set<String> groups,
        Set<String> transactionalIdPrefixes,
        boolean mayAutoCreate) {

    public KafkaNeeds {
        readTopics = Set.copyOf(readTopics);
        writeTopics = Set.copyOf(writeTopics);
        groups = Set.copyOf(groups);
        transactionalIdPrefixes = Set.copyOf(transactionalIdPrefixes);
    }

    /** Nothing at all: a check of the connection and authentication only. */
    public static KafkaNeeds connectionOnly() {
        return new KafkaNeeds(Set.of(), Set.of(), Set.of(), Set.of(), false);
    }

    /** These needs and reading {@code topics}. */
    public KafkaNeeds reading(String... topics) {
        return new KafkaNeeds(
                plus(readTopics, Set.of(topics)),
                writeTopics,
                groups,
                transactionalIdPrefixes,
                mayAutoCreate);
    }

    /** These needs and writing {@code topics}. */
    public KafkaNeeds writing(String... topics) {
        return new KafkaNeeds(
                readTopics,
                plus(writeTopics, Set.of(topics)),
                groups,
                transactionalIdPrefixes,
                mayAutoCreate);
    }

    /** These needs and membership of the consumer groups {@code names}. */
    public KafkaNeeds inGroups(String... names) {
        return new KafkaNeeds(
                readTopics,
                writeTopics,
                plus(groups, Set.of(names)),
                transactionalIdPrefixes,
                mayAutoCreate);
    }

    /** These needs and transactional ids that start with each of {@code prefixes}. */
    public KafkaNeeds withTransactions(String... prefixes) {
        return new KafkaNeeds(
                readTopics,
                writeTopics,
                groups,
                plus(transactionalIdPrefixes, Set.of(prefixes)),
                mayAutoCreate);
    }

    /** These needs, accepting written topics that the brokers create on first use. */
    public KafkaNeeds allowingAutoCreatedTopics() {
        return new KafkaNeeds(readTopics, writeTopics, groups, transactionalIdPrefixes, true);
    }

    /** Every topic named, read ones first, each once, in a stable order. */
    public Set<String> topics() {
        Set<String> all = new LinkedHashSet<>(readTopics.stream().sorted().toList());
        all.addAll(writeTopics.stream().sorted().toList());
        return all;
    }

    private static Set<String> plus(Set<String> current, Collection<String> more) {
        Set<String> union = new LinkedHashSet<>(current);
        union.addAll(more);
        return union;
    }
}
