package dev.scone.model.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Keys and values of every decoder layer for the tokens decoded so far, so that an incremental step
 * runs attention for the new tokens only. Holds its arrays in its own manager; closing the cache
 * frees them. Belongs to one sequence and one thread.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] keys;
    private final NDArray[] values;
    private final int capacity;
    private int length;

    KvCache(NDManager parent, int layers, int capacity) {
        this.manager = parent.newSubManager();
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
        this.capacity = capacity;
    }

    /** Tokens held, which is also the position of the next token. */
    public int length() {
        return length;
    }

    /** Most tokens the cache can hold: the model's context length. */
    public int capacity() {
        return capacity;
    }

    NDArray keys(int layer) {
        return keys[layer];
    }

    NDArray values(int layer) {
        return values[layer];
    }

    /** Replaces a layer's keys and values (batch, heads, tokens, head width) with longer ones. */
    void put(int layer, NDArray newKeys, NDArray newValues) {
        NDArray oldKeys = keys[layer];
        NDArray oldValues = values[layer];
        newKeys.attach(manager);
        newValues.attach(manager);
        keys[layer] = newKeys;
        values[layer] = newValues;
        if (oldKeys != null && oldKeys != newKeys) {
            oldKeys.close();
        }
        if (oldValues != null && oldValues != newValues) {
            oldValues.close();
        }
    }

    /** Records that every layer now also holds the next {@code tokens} tokens. */
    void advance(int tokens) {
        length += tokens;
    }

    @Override
    public void close() {
        manager.close();
    }
}
