package io.rangefinder.storage.file;

import io.rangefinder.engine.RangeEngineConfig;

/** Breaks the layering on purpose (a store that knows the engine), so ArchitectureTest can prove its rules bite. */
final class EngineAwareStoreFixture {

    private EngineAwareStoreFixture() {
    }

    static int chunkOf(RangeEngineConfig config) {
        return (int) config.chunkSize();
    }
}
