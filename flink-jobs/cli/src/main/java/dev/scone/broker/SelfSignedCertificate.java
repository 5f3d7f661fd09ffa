package dev.scone.broker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed TLS certificate for a broker on 127.0.0.1, made by the JDK's own {@code keytool}: a
 * PKCS12 key store with the key pair (for the broker) and a PKCS12 trust store with only the
 * certificate (for its clients). Passwords reach keytool through its environment, never its command
 * line, which other users of the machine can read.
 */
final class SelfSignedCertificate {

    /** Host names and addresses the certificate is valid for; clients verify them. */
    static final String SUBJECT_ALTERNATIVE_NAMES = "SAN=ip:127.0.0.1,dns:localhost";

    private static final String ALIAS = "scone-broker";
    private static final long TIMEOUT_SECONDS = 120;

    private SelfSignedCertificate() {}

    /**
     * Writes {@code keyStore} and {@code trustStore}, replacing neither if it exists.
     *
     * @throws IllegalStateException when keytool fails
     */
    static void create(
            Path keyStore,
            String keyStorePassword,
            Path trustStore,
            String trustStorePassword,
            Path workDir)
            throws IOException {
        Path certificate = workDir.resolve("broker-certificate.pem");
        Map<String, String> passwords =
                Map.of(
                        "SCONE_KEYSTORE_PASSWORD", keyStorePassword,
                        "SCONE_TRUSTSTORE_PASSWORD", trustStorePassword);
        keytool(
                passwords,
                workDir,
                "-genkeypair",
                "-alias",
                ALIAS,
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "825",
                "-dname",
                "CN=localhost, OU=SCONE Stream local broker",
                "-ext",
                SUBJECT_ALTERNATIVE_NAMES,
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass:env",
                "SCONE_KEYSTORE_PASSWORD",
                "-keypass:env",
                "SCONE_KEYSTORE_PASSWORD");
        keytool(
                passwords,
                workDir,
                "-exportcert",
                "-rfc",
                "-alias",
                ALIAS,
                "-keystore",
                keyStore.toString(),
                "-storepass:env",
                "SCONE_KEYSTORE_PASSWORD",
                "-file",
                certificate.toString());
        keytool(
                passwords,
                workDir,
                "-importcert",
                "-noprompt",
                "-alias",
                ALIAS,
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass:env",
                "SCONE_TRUSTSTORE_PASSWORD");
    }

    private static void keytool(Map<String, String> environment, Path workDir, String... args)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        // keytool reads no input once every password is given; close it so it never waits.
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(
                        "keytool " + args[0] + " did not finish within " + TIMEOUT_SECONDS + " s.");
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running keytool.", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(
                    "keytool "
                            + args[0]
                            + " failed with status "
                            + process.exitValue()
                            + ": "
                            + output.strip());
        }
    }
}
