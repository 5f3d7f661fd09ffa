package dev.scone.model.training;

/**
 * One command that worked on a training run: the first one starts it, each resume adds one.
 *
 * @param at when it started, ISO-8601 UTC
 * @param command the command line as typed
 * @param fromStep the step count it continued from (0 for the start)
 */
public record Invocation(String at, String command, int fromStep) {}
