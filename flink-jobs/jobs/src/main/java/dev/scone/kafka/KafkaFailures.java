package dev.scone.kafka;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;

/**
 * One sentence for a Kafka client failure that a user can fix: which user failed to authenticate,
 * which broker did not answer. Sentences name the principal from {@code sasl.jaas.config} but never
 * include a password: every text that leaves here went through {@link
 * KafkaClientProperties#scrub(String)}.
 */
public final class KafkaFailures {

    private static final Pattern JAAS_USERNAME =
            Pattern.compile("\\busername\\s*=\\s*\"([^\"]*)\"", Pattern.CASE_INSENSITIVE);

    private KafkaFailures() {}

    /**
     * Who the client authenticates as, for messages: {@code user NAME} from {@code
     * sasl.jaas.config} when it names one, otherwise a description by security protocol.
     */
    public static String principal(KafkaClientProperties client) {
        String jaas = client.get(SaslConfigs.SASL_JAAS_CONFIG);
        if (jaas != null) {
            Matcher name = JAAS_USERNAME.matcher(jaas);
            if (name.find() && !name.group(1).isBlank()) {
                return "user " + name.group(1);
            }
        }
        String protocol = securityProtocol(client);
        if (protocol.startsWith("SASL")) {
            String mechanism = client.get(SaslConfigs.SASL_MECHANISM);
            return "the " + (mechanism == null ? "GSSAPI" : mechanism) + " principal";
        }
        return protocol.equals("SSL") ? "the TLS client certificate" : "this client (PLAINTEXT)";
    }

    /** {@link #principal} with a capital first letter, to open a sentence. */
    public static String principalAtStart(KafkaClientProperties client) {
        String who = principal(client);
        return who.substring(0, 1).toUpperCase(Locale.ROOT) + who.substring(1);
    }

    /**
     * An admin client for a check or a setup step, bounded as {@link
     * KafkaPreflight#adminProperties} says; properties Kafka cannot make a client from are one
     * sentence.
     */
    static Admin admin(KafkaClientProperties client, String clientId) {
        try {
            return Admin.create(KafkaPreflight.adminProperties(client, clientId));
        } catch (KafkaException e) {
            throw new KafkaAccessException(
                    "No Kafka client could be made from the given properties ("
                            + client.scrub(withoutFinalPeriod(rootMessage(e)))
                            + ").",
                    e);
        }
    }

    /** {@code security.protocol}, upper case, PLAINTEXT when unset. */
    public static String securityProtocol(KafkaClientProperties client) {
        String protocol = client.get(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG);
        return protocol == null ? "PLAINTEXT" : protocol.trim().toUpperCase(Locale.ROOT);
    }

    /**
     * The sentence for a failure to reach or authenticate to Kafka, or null when {@code failure} is
     * of neither kind (an authorization error, a missing topic: the caller knows the resource).
     *
     * @param waitedSeconds how long the client waited, for the sentence about a broker that does
     *     not answer
     */
    public static String connectionProblem(
            Throwable failure, KafkaClientProperties client, long waitedSeconds) {
        String at = client.bootstrapServers();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SslAuthenticationException) {
                return "The TLS handshake with "
                        + at
                        + " failed ("
                        + client.scrub(withoutFinalPeriod(rootMessage(t)))
                        + "); check that the brokers listen with TLS there and that"
                        + " ssl.truststore.* trusts their certificate.";
            }
            if (t instanceof AuthenticationException) {
                return "Authentication failed for "
                        + principal(client)
                        + " at "
                        + at
                        + " ("
                        + client.scrub(withoutFinalPeriod(t.getMessage()))
                        + (t instanceof SaslAuthenticationException
                                ? "); check the user name and password in sasl.jaas.config and"
                                        + " sasl.mechanism."
                                : ").");
            }
            if (t instanceof TimeoutException
                    || t instanceof java.util.concurrent.TimeoutException) {
                return "Kafka at "
                        + at
                        + " did not answer within "
                        + waitedSeconds
                        + " s; is a broker running there (scone broker), and does"
                        + " security.protocol="
                        + securityProtocol(client)
                        + " match its listener?";
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The message of the deepest cause that has one: usually the one that names the problem. */
    static String rootMessage(Throwable t) {
        String message = null;
        Throwable deepest = t;
        for (Throwable cause = t; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
            deepest = cause;
            if (cause.getCause() == cause) {
                break;
            }
        }
        return message == null ? deepest.getClass().getSimpleName() : message;
    }

    static String withoutFinalPeriod(String sentence) {
        if (sentence == null) {
            return "";
        }
        String trimmed = sentence.strip();
        return trimmed.endsWith(".") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }
}
