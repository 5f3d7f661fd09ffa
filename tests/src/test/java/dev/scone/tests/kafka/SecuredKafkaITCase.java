package dev.scone.tests.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scone.broker.BrokerSecurity;
import dev.scone.broker.LocalKafkaBroker;
import dev.scone.cli.ExitCodes;
import dev.scone.cli.cluster.InProcessCluster;
import dev.scone.cluster.ServiceOptions;
import dev.scone.flink.service.ServiceRunner;
import dev.scone.flink.service.settings.ServiceSettings;
import dev.scone.kafka.KafkaClientProperties;
import dev.scone.kafka.KafkaPreflight;
import dev.scone.model.nn.ModelCard;
import dev.scone.model.progress.ProgressReporter;
import dev.scone.model.serving.ModelRepository;
import dev.scone.schemas.topic.SconeTopics;
import dev.scone.tests.fixtures.TinySconeModel;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.FileAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SCONE Stream against Kafka secured as production clusters are: one broker with a SASL_SSL
 * listener (SCRAM-SHA-512 over TLS with a self-signed certificate) and the StandardAuthorizer, as
 * {@code scone broker --security scram-tls} starts it, and three users: {@code admin} (super user),
 * {@code service} (ACLs on the SCONE topics, groups and transactional ids) and {@code noacl} (no
 * ACL at all). One broker for the whole class; the tests run in order because the topics are
 * created by one of them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SecuredKafkaITCase {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DOCUMENTS = 12;
    private static final Duration RESULTS_LIMIT = Duration.ofMinutes(3);
    private static final Duration REFUSAL_LIMIT = Duration.ofMinutes(2);
    private static final Duration REVOKED_AFTER_REFUSAL = Duration.ofSeconds(20);
    private static final String NO_ACL_USER = "noacl";
    private static final String CAPTURE_APPENDER = "secured-kafka-scan";

    /** This JVM's log while the class runs; kept in target/ for diagnosis after a failure. */
    private static final Path JVM_LOG = Path.of("target", "secured-kafka-itcase.log");

    private static final TinySconeModel MODEL =
            new TinySconeModel(
                    "tiny-secured-1",
                    24,
                    5L,
                    List.of(" of the United States", " in the morning and", " for the first time"));

    @TempDir static Path temp;

    private static LocalKafkaBroker broker;
    private static Path adminFile;
    private static Path serviceFile;
    private static Path noAclFile;
    private static Path wrongPasswordFile;
    private static final List<String> secrets = new ArrayList<>();

    /** Everything the commands of this class printed, for the secret scan. */
    private static final List<String> printed = new CopyOnWriteArrayList<>();

    private static JobClient job;
    private static String restAddress;

    @BeforeAll
    static void startBroker() throws Exception {
        // Kafka's clients log their whole configuration at INFO: let the scan see it, in a file.
        Configurator.setLevel("org.apache.kafka", Level.INFO);
        Configurator.setLevel("org.apache.flink.runtime", Level.INFO);
        captureLogIn(JVM_LOG);
        broker =
                LocalKafkaBroker.start(
                        temp.resolve("kafka"), 0, Map.of(), BrokerSecurity.Mode.SCRAM_TLS);
        adminFile = broker.clientPropertiesFile(BrokerSecurity.ADMIN);
        serviceFile = broker.clientPropertiesFile(BrokerSecurity.SERVICE);

        String noAclPassword = "noacl-" + Long.toHexString(System.nanoTime()) + "-pw";
        try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
            admin.alterUserScramCredentials(
                            List.of(
                                    new UserScramCredentialUpsertion(
                                            NO_ACL_USER,
                                            new ScramCredentialInfo(
                                                    ScramMechanism.SCRAM_SHA_512, 4096),
                                            noAclPassword)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        }
        KafkaClientProperties service = broker.clientProperties(BrokerSecurity.SERVICE);
        String serviceJaas = service.get("sasl.jaas.config");
        noAclFile =
                write(
                        "noacl.properties",
                        service.with(
                                "sasl.jaas.config",
                                serviceJaas
                                        .replace("username=\"service\"", "username=\"noacl\"")
                                        .replaceAll(
                                                "password=\"[^\"]*\"",
                                                "password=\"" + noAclPassword + "\"")));
        wrongPasswordFile =
                write(
                        "wrong-password.properties",
                        service.with(
                                "sasl.jaas.config",
                                serviceJaas.replaceAll(
                                        "password=\"[^\"]*\"",
                                        "password=\"not-the-service-password\"")));

        secrets.add(noAclPassword);
        secrets.add("not-the-service-password");
        Properties generated = new Properties();
        try (var reader =
                Files.newBufferedReader(
                        broker.security().orElseThrow().dir().resolve("secrets.properties"))) {
            generated.load(reader);
        }
        generated.stringPropertyNames().forEach(key -> secrets.add(generated.getProperty(key)));
        assertThat(secrets).hasSizeGreaterThanOrEqualTo(6);
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (job != null) {
            job.cancel().get(60, TimeUnit.SECONDS);
        }
        if (broker != null) {
            broker.close();
        }
        Configurator.setLevel("org.apache.kafka", Level.WARN);
        Configurator.setLevel("org.apache.flink.runtime", Level.WARN);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(CAPTURE_APPENDER);
        context.updateLoggers();
    }

    /** Adds a file appender for everything this JVM logs at INFO and above. */
    private static void captureLogIn(Path file) throws IOException {
        Files.deleteIfExists(file);
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        FileAppender appender =
                FileAppender.newBuilder()
                        .setName(CAPTURE_APPENDER)
                        .withFileName(file.toString())
                        .setLayout(
                                PatternLayout.newBuilder()
                                        .withPattern("%d %-5p [%t] %c: %m%n%throwable")
                                        .build())
                        .setConfiguration(configuration)
                        .build();
        appender.start();
        configuration.addAppender(appender);
        configuration.getRootLogger().addAppender(appender, Level.INFO, null);
        context.updateLoggers();
    }

    @Test
    @Order(1)
    @Timeout(120)
    void serveRefusesBeforeTheTopicsExistInsteadOfFailingOver() {
        SconeRun serve = scone("", "serve", "--kafka-properties", serviceFile.toString());

        serve.assertRefused(
                "error: Topic scone.documents does not exist at "
                        + broker.bootstrapServers()
                        + ": run `scone topics create` as a user who may create topics.");
    }

    @Test
    @Order(2)
    @Timeout(120)
    void onlyTheAdministratorCreatesTheTopicsAndAgainChangesNothing() {
        SconeRun asService =
                scone("", "topics", "create", "--kafka-properties", serviceFile.toString());

        asService.assertRefused(
                "error: User service may not create topics at "
                        + broker.bootstrapServers()
                        + ": run `scone topics create` as a user with CREATE on the cluster"
                        + " (an administrator).");

        SconeRun first =
                scone(
                        "",
                        "topics",
                        "create",
                        "--kafka-properties",
                        adminFile.toString(),
                        "--partitions",
                        "2",
                        "--replication-factor",
                        "1");
        SconeRun second = scone("", "topics", "create", "--kafka-properties", adminFile.toString());

        assertThat(first.status).as(first.err).isEqualTo(ExitCodes.OK);
        assertThat(first.out)
                .contains("scone.documents    created")
                .contains("scone.fgram-table  created (compacted)")
                .contains("scone.results      created")
                .contains("scone.dlq          created")
                .contains("Created 4, 0 existed already.");
        assertThat(second.status).as(second.err).isEqualTo(ExitCodes.OK);
        assertThat(second.out)
                .contains("scone.fgram-table  exists (compacted)")
                .contains("Created 0, 4 existed already.");
    }

    @Test
    @Order(3)
    @Timeout(180)
    void aWrongPasswordIsOneSentenceAndStatusTwoEverywhere() {
        String sentence =
                "error: Authentication failed for user service at " + broker.bootstrapServers();
        List<SconeRun> runs =
                List.of(
                        scone(
                                "a line\n",
                                "produce",
                                "--kafka-properties",
                                wrongPasswordFile.toString(),
                                "--format",
                                "text"),
                        scone("", "consume", "--kafka-properties", wrongPasswordFile.toString()),
                        scone("", "serve", "--kafka-properties", wrongPasswordFile.toString()),
                        scone(
                                "",
                                "--verbose",
                                "consume",
                                "--kafka-properties",
                                wrongPasswordFile.toString()));

        for (SconeRun run : runs.subList(0, 3)) {
            assertThat(run.status).as(run.err).isEqualTo(ExitCodes.USER_ERROR);
            assertThat(run.err.strip()).startsWith(sentence).doesNotContain("\n");
        }
        SconeRun verbose = runs.get(3);
        assertThat(verbose.status).isEqualTo(ExitCodes.USER_ERROR);
        assertThat(verbose.err).contains("KafkaAccessException").contains(sentence);
    }

    @Test
    @Order(4)
    @Timeout(180)
    void aUserWithoutAclsIsToldWhatItMayNotDo() {
        SconeRun produce =
                scone(
                        "a line\n",
                        "produce",
                        "--kafka-properties",
                        noAclFile.toString(),
                        "--format",
                        "text");
        SconeRun consume = scone("", "consume", "--kafka-properties", noAclFile.toString());
        SconeRun serve = scone("", "serve", "--kafka-properties", noAclFile.toString());

        String at = " at " + broker.bootstrapServers() + ": no ACL allows it.";
        produce.assertRefused("error: User noacl may not write topic scone.documents" + at);
        consume.assertRefused("error: User noacl may not read topic scone.results" + at);
        serve.assertRefused("error: User noacl may not read topic scone.documents" + at);
    }

    @Test
    @Order(5)
    @Timeout(600)
    void theServiceUserServesEveryDocumentExactlyOnce() throws Exception {
        Path modelDir = MODEL.writeTo(temp.resolve("models/tiny"));
        ModelRepository models =
                new ModelRepository(temp.resolve("models"), temp.resolve("tables"));
        ModelCard card = models.card(modelDir);
        Path table = models.table(modelDir, ProgressReporter.silent());
        SconeRun publish =
                scone(
                        "",
                        "table",
                        "publish",
                        "--table",
                        table.toString(),
                        "--kafka-properties",
                        serviceFile.toString());
        assertThat(publish.status).as(publish.err).isEqualTo(ExitCodes.OK);

        ServiceOptions config = new ServiceOptions();
        config.kafkaPropertiesFile = serviceFile;
        config.parallelism = 2;
        config.checkpointInterval = Duration.ofSeconds(1);
        config.checkpointDir = temp.resolve("checkpoints").toUri().toString();
        ServiceSettings settings = config.settings();
        // What `scone serve` does before it submits: the preflight passes for the service user.
        KafkaPreflight.check(
                ServiceRunner.kafkaProperties(settings.kafka()),
                ServiceRunner.kafkaNeeds(settings.kafka()));
        StreamExecutionEnvironment env =
                InProcessCluster.create(
                        ServiceRunner.flinkConfiguration(settings.job(), temp), 2, 18281);
        job = ServiceRunner.startLocal(env, settings, card, modelDir);
        restAddress = InProcessCluster.restAddress(env);

        String lines =
                IntStream.rangeClosed(1, DOCUMENTS)
                        .mapToObj(i -> "for the first time in the morning, number " + i)
                        .collect(Collectors.joining("\n", "", "\n"));
        produceText(lines, "secured-");

        List<String> expected =
                IntStream.rangeClosed(1, DOCUMENTS).mapToObj(i -> "secured-" + i).toList();
        assertAnsweredExactlyOnce(expected);
    }

    @Test
    @Order(6)
    @Timeout(300)
    void noSecretInAnyLogOutputOrRestEndpoint() throws Exception {
        assertThat(job).as("the service runs (previous test)").isNotNull();
        String jobId = job.getJobID().toHexString();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        Map<String, String> rest = new HashMap<>();
        for (String path :
                List.of(
                        "/jobs/" + jobId,
                        "/jobs/" + jobId + "/config",
                        "/jobs/" + jobId + "/exceptions",
                        "/jobs/" + jobId + "/plan",
                        "/jobs/" + jobId + "/jobmanager/config",
                        "/jobmanager/config")) {
            HttpResponse<String> response =
                    http.send(
                            HttpRequest.newBuilder(URI.create(restAddress + path))
                                    .timeout(Duration.ofSeconds(30))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as(path).isEqualTo(200);
            rest.put(path, response.body());
        }
        JsonNode plan = MAPPER.readTree(rest.get("/jobs/" + jobId + "/plan"));
        assertThat(plan.toString()).contains("Documents (Kafka)");
        for (JsonNode vertex : plan.path("plan").path("nodes")) {
            String path = "/jobs/" + jobId + "/vertices/" + vertex.path("id").asText() + "/metrics";
            rest.put(
                    path,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(restAddress + path))
                                            .timeout(Duration.ofSeconds(30))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body());
        }
        assertThat(rest.keySet()).anyMatch(path -> path.endsWith("/metrics"));

        // Every log file: the broker's, this JVM's (Flink, Kafka clients, SCONE) and any other;
        // Kafka's segment files under kraft/ end in .log too but hold records, not logging.
        Map<String, String> logs = new HashMap<>();
        try (Stream<Path> files = Files.walk(temp)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".log"))
                            .filter(f -> !f.toString().contains("/kraft/"))
                            .toList()) {
                logs.put(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        for (var appender : context.getConfiguration().getAppenders().values()) {
            if (appender instanceof FileAppender file
                    && Files.isRegularFile(Path.of(file.getFileName()))) {
                logs.put(
                        file.getFileName(),
                        Files.readString(Path.of(file.getFileName()), StandardCharsets.ISO_8859_1));
            }
        }
        String brokerLog = logs.get(broker.logFile().toString());
        String jvmLog = Files.readString(JVM_LOG, StandardCharsets.ISO_8859_1);
        logs.put(JVM_LOG.toString(), jvmLog);
        assertThat(brokerLog).contains("ssl.keystore.password = [hidden]");
        // The clients of this JVM logged their configurations, with the secrets hidden.
        assertThat(jvmLog).contains("sasl.jaas.config = [hidden]");

        for (String secret : secrets) {
            rest.forEach((path, body) -> assertThat(body).as(path).doesNotContain(secret));
            logs.forEach((file, text) -> assertThat(text).as(file).doesNotContain(secret));
            for (String output : printed) {
                assertThat(output).as("command output").doesNotContain(secret);
            }
        }
    }

    @Test
    @Order(7)
    @Timeout(600)
    void aWriteAclRevokedMidStreamLosesAndDuplicatesNoDocument() throws Exception {
        assertThat(job).as("the service runs (test 5)").isNotNull();
        AclBinding resultsWrite =
                BrokerSecurity.serviceAcls().stream()
                        .filter(acl -> acl.pattern().resourceType() == ResourceType.TOPIC)
                        .filter(acl -> acl.pattern().name().equals(SconeTopics.RESULTS))
                        .filter(acl -> acl.entry().operation() == AclOperation.WRITE)
                        .findFirst()
                        .orElseThrow();
        List<String> expected = new ArrayList<>();
        IntStream.rangeClosed(1, DOCUMENTS).forEach(i -> expected.add("secured-" + i));
        String exceptions = "/jobs/" + job.getJobID().toHexString() + "/exceptions";

        try (Admin admin = Admin.create(broker.clientProperties().toMap())) {
            admin.deleteAcls(List.of(resultsWrite.toFilter())).all().get(60, TimeUnit.SECONDS);
            // Documents keep coming while the results may not be written, one a second, until
            // the job reports the refusal: bounded in count and in time.
            long until = System.nanoTime() + REFUSAL_LIMIT.toNanos();
            boolean refused = false;
            for (int i = 1; i <= 120 && !refused && System.nanoTime() < until; i++) {
                expected.add(produce("revoked-" + i + "-"));
                refused = restGet(exceptions).contains("TopicAuthorizationException");
                if (!refused) {
                    Thread.sleep(1000);
                }
            }
            assertThat(refused)
                    .as("the job reported the refused write within " + REFUSAL_LIMIT)
                    .isTrue();
            // The ACL stays away a while longer, so the job fails over more than once with it
            // missing, as it would while an operator notices and restores it.
            long restoreAt = System.nanoTime() + REVOKED_AFTER_REFUSAL.toNanos();
            for (int i = 1; i <= 60 && System.nanoTime() < restoreAt; i++) {
                expected.add(produce("still-revoked-" + i + "-"));
                Thread.sleep(1000);
            }
            admin.createAcls(List.of(resultsWrite)).all().get(60, TimeUnit.SECONDS);
        }
        for (int i = 1; i <= DOCUMENTS; i++) {
            expected.add(produce("restored-" + i + "-"));
        }

        assertAnsweredExactlyOnce(expected);
        // The failed tasks closed their Kafka writers without taking the only TaskManager of the
        // in-process cluster down with them.
        assertThat(MAPPER.readTree(restGet("/taskmanagers")).path("taskmanagers").size())
                .isEqualTo(1);
    }

    /** Sends one text document as the service user; its id is {@code prefix} + 1. */
    private static String produce(String prefix) {
        produceText("for the first time in the morning, " + prefix + "\n", prefix);
        return prefix + 1;
    }

    /**
     * Sends each line of {@code lines} as a text document as the service user, numbered from 1
     * after {@code idPrefix}, and expects the command to succeed.
     */
    private static void produceText(String lines, String idPrefix) {
        SconeRun produce =
                scone(
                        lines,
                        "produce",
                        "--kafka-properties",
                        serviceFile.toString(),
                        "--format",
                        "text",
                        "--id-prefix",
                        idPrefix);
        assertThat(produce.status).as(produce.err).isEqualTo(ExitCodes.OK);
    }

    private static String restGet(String path) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return http.send(
                        HttpRequest.newBuilder(URI.create(restAddress + path))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    /**
     * Waits for a result for every id in {@code expected}, then reads the results topic once more
     * to its end as the service user: each id must be there exactly once (a duplicate or a lost
     * document shows up in the second read).
     */
    private static void assertAnsweredExactlyOnce(List<String> expected) throws Exception {
        SconeRun results =
                consumeAsService(
                        "--max",
                        Integer.toString(expected.size()),
                        "--timeout",
                        Long.toString(RESULTS_LIMIT.toSeconds()));
        SconeRun everything = consumeAsService("--timeout", "5");
        assertThat(results.status).as(results.err).isEqualTo(ExitCodes.OK);
        assertThat(everything.status).as(everything.err).isEqualTo(ExitCodes.OK);
        assertThat(ids(everything.out)).containsExactlyInAnyOrderElementsOf(expected);
    }

    /** {@code scone consume} of the results from their beginning, as the service user. */
    private static SconeRun consumeAsService(String... limits) {
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "consume",
                        "--kafka-properties",
                        serviceFile.toString(),
                        "--from-beginning"));
        args.addAll(List.of(limits));
        return scone("", args.toArray(String[]::new));
    }

    private static List<String> ids(String jsonLines) throws Exception {
        List<String> ids = new ArrayList<>();
        for (String line : jsonLines.split("\n")) {
            if (!line.isBlank()) {
                JsonNode node = MAPPER.readTree(line);
                ids.add(node.get("id").asText());
            }
        }
        return ids;
    }

    private static Path write(String name, KafkaClientProperties properties) throws Exception {
        Path file = temp.resolve(name);
        StringBuilder text = new StringBuilder();
        properties
                .toMap()
                .forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(file, text);
        return file;
    }

    /** Runs one {@code scone} invocation and keeps its output for the secret scan. */
    private static SconeRun scone(String stdin, String... args) {
        SconeRun run = SconeRun.of(stdin, args);
        printed.add(run.out);
        printed.add(run.err);
        return run;
    }
}
