package dev.scone.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Ports on 127.0.0.1 for the processes SCONE starts on one machine: the broker's listeners, the
 * Flink cluster's REST and RPC endpoints. Everything local binds to loopback only.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** A port that was free on 127.0.0.1 a moment ago, chosen by the operating system. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }

    /** The first port from {@code preferred} on (at most 100 tried) that is free on 127.0.0.1. */
    public static int freeFrom(int preferred) {
        for (int port = preferred; port < preferred + 100; port++) {
            try (ServerSocket socket =
                    new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException busy) {
                // try the next one
            }
        }
        throw new IllegalStateException(
                "No free port in " + preferred + ".." + (preferred + 99) + ".");
    }
}
