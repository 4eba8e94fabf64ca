package io.rangefinder.bench;

import io.rangefinder.engine.RangeEngineConfig;

/** The live settings of the benchmarks, as {@link Tuner.Knob}s. */
public final class TuneKnobs {

    private TuneKnobs() {
    }

    /** Ranges in flight of a running {@link RangeBench}; memory is one engine buffer per range in flight. */
    public static Tuner.Knob rangeConcurrency(RangeBench bench, RangeEngineConfig config) {
        return new Tuner.Knob() {
            @Override
            public String name() {
                return "concurrency";
            }

            @Override
            public void set(int value) {
                bench.setConcurrency(value);
            }

            @Override
            public long bytes() {
                return bench.bytesMoved();
            }

            @Override
            public double p99Ms() {
                BenchResult.Sample s = bench.lastSample();
                return s == null ? Double.NaN : s.p99Ms();
            }

            @Override
            public long memoryBytes(int value) {
                return (long) value * Math.min(config.bufferSize(), config.chunkSize());
            }

            @Override
            public boolean restart() {
                bench.restart();
                return true;
            }

            @Override
            public long bytesInFlight(int value) {
                long size = bench.objectSize();
                long perRange = size > 0 && size < config.minSplitSize() ? size : Math.min(bench.chunkSize(), Math.max(size, 1));
                return value * perRange;
            }

            @Override
            public double elapsedSeconds() {
                return bench.elapsedSeconds();
            }
        };
    }

    /**
     * The chunk size of a running {@link RangeBench}, in MiB (a ladder such as 1, 2, 4, … 64): each
     * value restarts the download so its ranges are cut to the new size at once. Memory is one buffer
     * per range in flight, as with concurrency; more bytes per request means fewer requests.
     */
    public static Tuner.Knob rangeChunkSizeMiB(RangeBench bench, RangeEngineConfig config) {
        Tuner.Knob concurrency = rangeConcurrency(bench, config);
        return new Tuner.Knob() {
            @Override
            public String name() {
                return "chunkSizeMiB";
            }

            @Override
            public void set(int mib) {
                bench.setChunkSize((long) mib << 20);
                bench.restart();
            }

            @Override
            public long bytes() {
                return bench.bytesMoved();
            }

            @Override
            public double p99Ms() {
                return concurrency.p99Ms();
            }

            @Override
            public long memoryBytes(int mib) {
                return (long) bench.concurrency() * Math.min(config.bufferSize(), (long) mib << 20);
            }

            @Override
            public double elapsedSeconds() {
                return bench.elapsedSeconds();
            }

            @Override
            public long bytesInFlight(int mib) {
                return (long) bench.concurrency() * ((long) mib << 20);
            }

            @Override
            public int requestsInFlight(int mib) {
                return bench.concurrency();
            }
        };
    }

    /** The pool size (fetches in flight) of a running {@link LoaderBench}. */
    public static Tuner.Knob loaderConcurrency(LoaderBench bench, long meanItemBytes, int batchSize) {
        return loader(bench, "concurrency", meanItemBytes, batchSize);
    }

    /** The prefetch (batches queued ahead) of a running {@link LoaderBench}. */
    public static Tuner.Knob loaderPrefetch(LoaderBench bench, long meanItemBytes, int batchSize) {
        return loader(bench, "prefetch", meanItemBytes, batchSize);
    }

    private static Tuner.Knob loader(LoaderBench bench, String what, long meanItemBytes, int batchSize) {
        boolean pool = what.equals("concurrency");
        return new Tuner.Knob() {
            @Override
            public String name() {
                return what;
            }

            @Override
            public void set(int value) {
                if (pool) {
                    bench.setConcurrency(value);
                } else {
                    bench.setPrefetch(value);
                }
            }

            @Override
            public long bytes() {
                var l = bench.loader();
                return l == null ? 0 : l.stats().bytes();
            }

            @Override
            public double p99Ms() {
                BenchResult.Sample s = bench.lastSample();
                return s == null ? Double.NaN : s.p99Ms();
            }

            @Override
            public long memoryBytes(int value) {
                // items being fetched plus the batches queued ahead, each holding its bytes
                int fetching = pool ? value : bench.concurrency();
                int queued = (pool ? bench.prefetch() : value) * batchSize;
                return (fetching + (long) queued) * meanItemBytes;
            }

            @Override
            public long bytesInFlight(int value) {
                return (pool ? value : bench.concurrency()) * meanItemBytes;
            }

            @Override
            public double elapsedSeconds() {
                return bench.elapsedSeconds();
            }
        };
    }

    /** Parts in flight per object of a running {@link PutBench}; memory is one part buffer per part in flight. */
    public static Tuner.Knob putPartsInFlight(PutBench bench, long partSize) {
        return put(bench, "partsInFlight", partSize);
    }

    /** Objects in flight of a running {@link PutBench} (small objects: each holds its body). */
    public static Tuner.Knob putObjectsInFlight(PutBench bench, long objectBytes) {
        return put(bench, "objectsInFlight", objectBytes);
    }

    private static Tuner.Knob put(PutBench bench, String what, long bytesEach) {
        boolean parts = what.equals("partsInFlight");
        return new Tuner.Knob() {
            @Override
            public String name() {
                return what;
            }

            @Override
            public void set(int value) {
                if (parts) {
                    bench.setPartsInFlight(value);
                } else {
                    bench.setObjectsInFlight(value);
                }
            }

            @Override
            public long bytes() {
                return bench.bytesWritten();
            }

            @Override
            public double p99Ms() {
                BenchResult.Sample s = bench.lastSample();
                return s == null ? Double.NaN : s.p99Ms();
            }

            @Override
            public long memoryBytes(int value) {
                return (long) value * bytesEach * (parts ? Math.max(1, bench.objectsInFlight()) : 1);
            }

            @Override
            public long bytesInFlight(int value) {
                return (long) value * bytesEach * (parts ? Math.max(1, bench.objectsInFlight()) : 1);
            }

            @Override
            public double elapsedSeconds() {
                return bench.elapsedSeconds();
            }
        };
    }
}
