package dev.scone.model.nn;

import ai.djl.engine.Engine;

/**
 * The DJL engine, started in offline mode unless the caller chose otherwise: the PyTorch native
 * library ships on the classpath, and a missing one should fail loudly rather than be fetched. Pass
 * {@code -Dai.djl.offline=false} to let DJL download a native build (such as CUDA) itself.
 */
final class Engines {

    static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private Engines() {}

    static Engine get() {
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        }
        return Engine.getInstance();
    }
}
