package io.rangefinder.loader;

/** One item's bytes as a loader delivers them. */
public record Sample(Dataset.Item item, byte[] data) {
}
