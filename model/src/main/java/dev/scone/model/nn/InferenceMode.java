package dev.scone.model.nn;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns off autograd recording on the current thread for a forward pass that needs no gradients,
 * and restores the previous setting on close. PyTorch keeps this flag per thread and new threads
 * start with recording on, so every inference entry point opens one of these.
 */
final class InferenceMode implements AutoCloseable {

    private static final boolean PYTORCH = "PyTorch".equals(Engines.get().getEngineName());

    private final boolean previous;

    private InferenceMode(boolean previous) {
        this.previous = previous;
    }

    static InferenceMode enter() {
        if (!PYTORCH) {
            return new InferenceMode(false);
        }
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        return new InferenceMode(previous);
    }

    @Override
    public void close() {
        if (PYTORCH && previous) {
            JniUtils.setGradMode(true);
        }
    }
}
