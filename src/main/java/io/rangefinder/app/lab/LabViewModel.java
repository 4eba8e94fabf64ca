package io.rangefinder.app.lab;

import io.rangefinder.app.common.ErrorReport;
import io.rangefinder.app.common.FxTaskExecutor;
import io.rangefinder.app.common.TaskExecutor;
import io.rangefinder.bench.BenchResult;
import io.rangefinder.bench.LoaderBench;
import io.rangefinder.bench.MixedBench;
import io.rangefinder.bench.PutBench;
import io.rangefinder.bench.SizeDistribution;
import io.rangefinder.bench.RangeBench;
import io.rangefinder.bench.RunStore;
import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.Units;
import io.rangefinder.engine.RangeEngineConfig;
import io.rangefinder.loader.Dataset;
import io.rangefinder.loader.LoaderOptions;
import io.rangefinder.storage.ObjectStore;
import io.rangefinder.storage.ObjectUri;
import io.rangefinder.storage.StorageException;
import io.rangefinder.storage.StoreFactory;
import io.rangefinder.storage.config.ConnectionProfile;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The lab's state and actions: benchmark settings, the run in flight (a {@link TokenTask} per
 * run), live tuning of concurrency and prefetch, and the saved runs. FX-thread only; storage work
 * runs on virtual threads. Stores are opened per run through the injected opener, and closed after.
 */
public final class LabViewModel implements AutoCloseable {

    /** What a run measures: range downloads, a loader, uploads, or a mix of operations. */
    public enum Kind { RANGE, LOADER, PUT, MIXED }

    public enum LoaderType {
        ORDERED("Ordered"), ASYNC_POOL("Async pool");

        private final String label;

        LoaderType(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    public enum State { IDLE, RUNNING, STOPPING }

    private final Function<ObjectUri, ObjectStore> stores;
    private final RunStore runStore;
    // the connection picker: the saved connections (from the app), and the one picked (null: by the URI)
    private final LabConnections picker;

    // settings
    private final StringProperty uri = new SimpleStringProperty("");
    private final ObjectProperty<Kind> kind = new SimpleObjectProperty<>(Kind.RANGE);
    private final StringProperty chunkSize = new SimpleStringProperty("8MiB");
    private final StringProperty minSplitSize = new SimpleStringProperty("8MiB");
    private final DoubleProperty rangeTimeoutSeconds = new SimpleDoubleProperty(30);
    private final IntegerProperty repeats = new SimpleIntegerProperty(3);
    private final ObjectProperty<LoaderType> loaderType = new SimpleObjectProperty<>(LoaderType.ASYNC_POOL);
    private final IntegerProperty batchSize = new SimpleIntegerProperty(32);
    private final IntegerProperty epochs = new SimpleIntegerProperty(1);
    private final BooleanProperty shuffle = new SimpleBooleanProperty(false);
    private final LongProperty seed = new SimpleLongProperty(42);
    private final IntegerProperty computeMs = new SimpleIntegerProperty(0);
    // the live knobs: start values, and applied to the run in flight when they change
    private final IntegerProperty concurrency = new SimpleIntegerProperty(16);
    // "Find best settings": the search, and what it does to the runs
    private final LabTuning tuning = new LabTuning();
    private final TuningRuns tuningRuns;
    private final IntegerProperty prefetch = new SimpleIntegerProperty(4);
    // put and mixed runs: sizes, what to write, and an open-loop rate (retunable)
    private final StringProperty sizes = new SimpleStringProperty("1MiB");
    private final IntegerProperty putCount = new SimpleIntegerProperty(200);
    private final StringProperty partSize = new SimpleStringProperty("8MiB");
    private final BooleanProperty keepObjects = new SimpleBooleanProperty(false);
    private final StringProperty mix = new SimpleStringProperty("get=60,put=20,stat=10,list=5,delete=5");
    private final IntegerProperty mixedSeconds = new SimpleIntegerProperty(30);
    private final IntegerProperty mixedObjects = new SimpleIntegerProperty(100);
    private final BooleanProperty rateLimited = new SimpleBooleanProperty(false);
    private final IntegerProperty rate = new SimpleIntegerProperty(100);
    private final BooleanProperty poisson = new SimpleBooleanProperty(false);

    // run state
    private final ReadOnlyObjectWrapper<State> state = new ReadOnlyObjectWrapper<>(State.IDLE);
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("Pick an object (range) or a prefix (loader) and press Start.");
    private final ReadOnlyObjectWrapper<BenchResult> lastResult = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ErrorReport> error = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<Kind> runningKind = new ReadOnlyObjectWrapper<>();
    private final ObservableList<BenchResult.Mark> liveMarks = FXCollections.observableArrayList();
    private final ObservableList<BenchResult.Mark> liveMarksView = FXCollections.unmodifiableObservableList(liveMarks);
    private final TaskExecutor executor;
    /** The run in flight: its executor handle (cancel) and its own token (stop with a partial result). */
    private record Running(TaskExecutor.Handle handle, CancellationToken token) {
    }

    private Running task;
    private String runningWhat = "The benchmark";
    private volatile LiveRun live;
    private final SavedRuns savedRuns;

    /** The knobs a running benchmark can be retuned on; the name is what the charts' marks say. */
    public enum Knob {
        CONCURRENCY("concurrency"), PREFETCH("prefetch"), RATE("rate");

        private final String label;

        Knob(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** With its own executor: each piece of work a virtual thread, results on the FX thread. */
    public LabViewModel(Function<ObjectUri, ObjectStore> stores, RunStore runStore) {
        this(stores, runStore, new FxTaskExecutor());
    }

    /** @param executor runs the lab's storage and file work off the UI thread (tests pass a synchronous one) */
    public LabViewModel(Function<ObjectUri, ObjectStore> stores, RunStore runStore, TaskExecutor executor) {
        this.stores = stores;
        this.runStore = runStore;
        this.executor = executor;
        this.savedRuns = new SavedRuns(runStore, executor, message::set);
        this.picker = new LabConnections(stores);
        this.tuningRuns = new TuningRuns(this, tuning, picker, executor, message::set);
        concurrency.addListener((_, _, n) -> retune(Knob.CONCURRENCY, n.intValue()));
        prefetch.addListener((_, _, n) -> retune(Knob.PREFETCH, n.intValue()));
        rate.addListener((_, _, n) -> {
            if (rateLimited.get()) {
                retune(Knob.RATE, n.intValue());
            }
        });
        rateLimited.addListener((_, _, on) -> retune(Knob.RATE, on ? rate.get() : 0));
    }

    private void retune(Knob knob, int value) {
        LiveRun run = live;
        // a rate of 0 means "as fast as it goes"; the other knobs need at least one
        if (run == null || value < (knob == Knob.RATE ? 0 : 1) || !run.tunes(knob)) {
            return;
        }
        switch (knob) {
            case CONCURRENCY -> run.setConcurrency(value);
            case PREFETCH -> run.setPrefetch(value);
            case RATE -> run.setRate(value);
        }
        liveMarks.add(new BenchResult.Mark(run.elapsed(), run.label(knob), value));
    }

    /** The knobs' values as a run of {@code k} starts, named as its marks name them: where the charts' first markers come from. */
    java.util.Map<String, Double> knobStartValues(Kind k) {
        java.util.Map<String, Double> m = new java.util.LinkedHashMap<>();
        switch (k) {
            case RANGE, LOADER -> {
                m.put(Knob.CONCURRENCY.label(), (double) concurrency.get());
                m.put(Knob.PREFETCH.label(), (double) prefetch.get());
            }
            case PUT -> {
                m.put(knobLabel(k, Knob.CONCURRENCY), (double) concurrency.get());
                m.put(knobLabel(k, Knob.PREFETCH), (double) prefetch.get());
                m.put(knobLabel(k, Knob.RATE), targetRate());
            }
            case MIXED -> {
                m.put(knobLabel(k, Knob.CONCURRENCY), (double) concurrency.get());
                m.put(knobLabel(k, Knob.RATE), targetRate());
            }
        }
        return m;
    }

    /** What a knob is called in a run of {@code k}: the name its marks carry and its slider shows. */
    static String knobLabel(Kind k, Knob knob) {
        return switch (k) {
            case PUT -> switch (knob) {
                case CONCURRENCY -> "objects in flight";
                case PREFETCH -> "parts in flight";
                case RATE -> knob.label();
            };
            case MIXED -> knob == Knob.CONCURRENCY ? "workers" : knob.label();
            case RANGE, LOADER -> knob.label();
        };
    }

    /** The target ops/s a put or mixed run starts with: 0 (closed loop) unless a rate is set. */
    double targetRate() {
        return rateLimited.get() ? Math.max(1, rate.get()) : 0;
    }

    // ------------------------------------------------------------------ runs

    /** Starts whatever the settings say on the URI field. */
    public void start() {
        String text = uri.get() == null ? "" : uri.get().strip();
        if (text.isEmpty()) {
            refuse("Enter an object URI (range) or a prefix URI (loader) first.");
            return;
        }
        ObjectUri target;
        try {
            target = ObjectUri.parse(text);
        } catch (IllegalArgumentException | StorageException e) {
            refuse(describe(e));
            return;
        }
        switch (kind.get()) {
            case RANGE -> startRangeBenchmark(target);
            case LOADER -> startLoaderBenchmark(target);
            case PUT -> startPutBenchmark(target);
            case MIXED -> startMixedBenchmark(target);
        }
    }

    /**
     * Writes objects under {@code prefix} (in a folder of the run's own, deleted afterwards unless
     * "keep" is on): the count, sizes and part size of the settings; objects in flight, parts in
     * flight and the rate retunable while it runs.
     */
    public void startPutBenchmark(ObjectUri prefix) {
        uri.set(prefix.toString());
        kind.set(Kind.PUT);
        PutBench.Config config;
        try {
            requireContainer(prefix, "A put benchmark");
            SizeDistribution dist = SizeDistribution.parse(sizes.get());
            long part = Units.parseSize(partSize.get().strip());
            if (putCount.get() < 1) {
                throw new IllegalArgumentException("The number of objects to write must be at least 1.");
            }
            config = PutBench.Config.of(putCount.get(), dist).withObjectsInFlight(concurrency.get())
                    .withParts(part, prefetch.get()).withKeep(keepObjects.get()).withSeed(seed.get());
        } catch (IllegalArgumentException e) {
            refuse(describe(e));
            return;
        }
        Function<ObjectUri, ObjectStore> opener = opener(prefix);
        if (opener == null) {
            return;
        }
        double startRate = targetRate();
        boolean arrivals = poisson.get();
        launch(Kind.PUT, "Put benchmark on " + prefix, token -> {
            try (ObjectStore store = opener.apply(prefix)) {
                PutBench bench = new PutBench(store, prefix, config).withRate(startRate, arrivals);
                live = new LiveRun.Put(bench);
                return bench.run(token);
            }
        });
    }

    /**
     * A weighted mix of get, put, stat, list and delete over objects of the run's own under
     * {@code prefix}, for the settings' duration; workers and the rate retunable while it runs.
     */
    public void startMixedBenchmark(ObjectUri prefix) {
        uri.set(prefix.toString());
        kind.set(Kind.MIXED);
        MixedBench.Config config;
        try {
            requireContainer(prefix, "A mixed benchmark");
            if (mixedSeconds.get() < 1) {
                throw new IllegalArgumentException("A mixed run needs a duration of at least 1 s.");
            }
            config = new MixedBench.Config(Duration.ofSeconds(mixedSeconds.get()), MixedBench.parseMix(mix.get()),
                    SizeDistribution.parse(sizes.get()), seed.get(), concurrency.get(), mixedObjects.get(),
                    targetRate(), poisson.get(), keepObjects.get());
        } catch (IllegalArgumentException e) {
            refuse(describe(e));
            return;
        }
        Function<ObjectUri, ObjectStore> opener = opener(prefix);
        if (opener == null) {
            return;
        }
        launch(Kind.MIXED, "Mixed benchmark on " + prefix, token -> {
            try (ObjectStore store = opener.apply(prefix)) {
                MixedBench bench = new MixedBench(store, prefix, config);
                live = new LiveRun.Mixed(bench);
                return bench.run(token);
            }
        });
    }

    private static void requireContainer(ObjectUri prefix, String what) {
        if (prefix.container().isEmpty()) {
            throw new IllegalArgumentException(what + " writes objects: give " + (prefix.scheme() == ObjectUri.Scheme.FILE
                    ? "a folder, e.g. file:///tmp/bench/" : "a bucket or container and a prefix, e.g. "
                    + prefix.scheme().prefix() + "://bucket/bench/"));
        }
    }

    /** Downloads {@code object} as the range settings say; the entry point for the explorer's selection. */
    public void startRangeBenchmark(ObjectUri object) {
        RangeEngineConfig config;
        try {
            config = rangeConfig();
        } catch (IllegalArgumentException e) {
            refuse(describe(e));
            return;
        }
        uri.set(object.toString());
        kind.set(Kind.RANGE);
        int n = repeats.get();
        Function<ObjectUri, ObjectStore> opener = opener(object);
        if (opener == null) {
            return;
        }
        boolean tune = tuningRuns.take(Kind.RANGE, object, task != null);
        launch(Kind.RANGE, (tune ? "Finding the best settings on " : "Range benchmark on ") + object, token -> {
            try (ObjectStore store = opener.apply(object)) {
                RangeBench bench = new RangeBench(store, object, config, tune ? Integer.MAX_VALUE : n);
                live = new LiveRun.Range(bench);
                if (tune) {
                    tuning.begin(io.rangefinder.bench.TuneKnobs.rangeConcurrency(bench, config), concurrency::set, token,
                            () -> token.cancel("tuned"));
                }
                return tuningRuns.withTuning(tune, token, bench.run(token));
            }
        });
    }

    /** Reads every object under {@code prefix} through a loader as the loader settings say. */
    public void startLoaderBenchmark(ObjectUri prefix) {
        uri.set(prefix.toString());
        kind.set(Kind.LOADER);
        LoaderOptions options;
        try {
            options = LoaderOptions.defaults().withBatchSize(batchSize.get()).withConcurrency(concurrency.get())
                    .withPrefetch(prefetch.get()).withEpochs(epochs.get());
        } catch (IllegalArgumentException e) {
            refuse(describe(e));
            return;
        }
        Function<ObjectUri, ObjectStore> opener = opener(prefix);
        if (opener == null) {
            return;
        }
        boolean ordered = loaderType.get() == LoaderType.ORDERED;
        boolean shuffled = shuffle.get();
        long shuffleSeed = seed.get();
        Duration compute = Duration.ofMillis(Math.max(0, computeMs.get()));
        boolean tune = tuningRuns.take(Kind.LOADER, prefix, task != null);
        launch(Kind.LOADER, (tune ? "Finding the best settings on " : "Loader benchmark on ") + prefix, token -> {
            try (ObjectStore store = opener.apply(prefix)) {
                // Unshuffled, reading starts with the listing's first page instead of after its last.
                Dataset dataset = shuffled ? Dataset.fromPrefix(store, prefix) : Dataset.listing(store, prefix);
                if (dataset.isEmpty()) {
                    throw new StorageException.NotFound("No objects under " + prefix
                            + " — make some with “Generate dataset…”.");
                }
                // the loaders reshuffle every epoch (seed + epoch), as PyTorch's samplers do
                LoaderBench bench = new LoaderBench(dataset, prefix.toString(),
                        (tune ? options.withEpochs(1_000_000) : options).withShuffle(shuffled).withSeed(shuffleSeed),
                        ordered, compute).describe("shuffle", shuffled).describe("seed", shuffleSeed);
                live = new LiveRun.Loading(bench);
                if (tune) {
                    long mean = Math.max(1, dataset.knownBytes() / Math.max(1, dataset.size()));
                    tuning.begin(io.rangefinder.bench.TuneKnobs.loaderConcurrency(bench, mean, options.batchSize()),
                            concurrency::set, token, () -> token.cancel("tuned"));
                }
                return tuningRuns.withTuning(tune, token, bench.run(token));
            }
        });
    }

    // ------------------------------------------------------------------ find best settings

    /**
     * Starts the current range or loader run with a tuner on it: the concurrency (ranges in flight,
     * or the loader's pool) is searched on the running benchmark, each step shown on the charts and
     * the tuning chart, and the run ends when the search has its answer (Stop ends both, keeping the
     * points measured).
     */
    public void findBestSettings() {
        tuningRuns.findBestSettings();
    }

    LabTuning tuning() {
        return tuning;
    }

    /**
     * Stores the last search's pick for its connection (off the FX thread): later lab runs start from
     * it and the explorer's downloads on that connection use it.
     */
    public void applyTuning() {
        tuningRuns.apply();
    }

    /** Returns the last search's connection to the defaults (off the FX thread). */
    public void resetTuning() {
        tuningRuns.reset();
    }

    /** A mistake the user can fix (a bad URI or setting): said in the status line and in the error pane; nothing starts. */
    void refuse(String why) {
        message.set(why);
        error.set(ErrorReport.plain(why));
    }

    /** How this run reaches its store; {@code null}, with the reason shown, when the picked connection cannot reach it. */
    private Function<ObjectUri, ObjectStore> opener(ObjectUri target) {
        return picker.opener(target, this::refuse);
    }

    /** How to reach {@code target} without refusing (a cluster run's results may sit elsewhere than the picked connection). */
    Function<ObjectUri, ObjectStore> storesFor(ObjectUri target) {
        return picker.storesFor(target);
    }

    /** What the picker calls "no connection picked". */
    public static final String AUTOMATIC = "By the URI";

    /**
     * The saved connections the lab can run against (called on the FX thread, e.g. each time the
     * picker opens); a picked connection opens its stores with {@link StoreFactory#open(ObjectUri, ConnectionProfile)}.
     */
    public void useConnections(Supplier<List<ConnectionProfile>> source) {
        picker.use(source);
    }

    /** As {@link #useConnections(Supplier)}, opening a picked connection's stores with {@code opener}. */
    public void useConnections(Supplier<List<ConnectionProfile>> source,
                               BiFunction<ObjectUri, ConnectionProfile, ObjectStore> opener) {
        picker.use(source, opener);
    }

    /** Re-reads the saved connections; the picked one stays picked if it is still there (by name). */
    public void refreshConnections() {
        picker.refresh();
    }

    RangeEngineConfig rangeConfig() {
        return RangeEngineConfig.defaults()
                .withChunkSize(Units.parseSize(chunkSize.get()))
                .withMinSplitSize(Units.parseSize(minSplitSize.get()))
                .withMaxConcurrentRanges(concurrency.get())
                .withRangeTimeout(Duration.ofMillis(Math.round(rangeTimeoutSeconds.get() * 1000)));
    }

    /** A benchmark body: runs off the UI thread and returns its result, partial if {@code token} was cancelled. */
    @FunctionalInterface
    interface Body {
        BenchResult run(CancellationToken token) throws Exception;
    }

    private void launch(Kind k, String what, Body work) {
        if (task != null) {
            message.set("A benchmark is already running; stop it first.");
            return;
        }
        liveMarks.clear();
        lastResult.set(null);
        error.set(null);
        runningKind.set(k);
        runningWhat = what;
        state.set(State.RUNNING);
        running.set(true);
        message.set(what + " …");
        // Stop cancels only this token, so the run ends early and still delivers what it measured;
        // cancelling the executor's handle (window closing) drops the run and its callbacks.
        CancellationToken runToken = CancellationToken.create();
        Running[] self = new Running[1];
        TaskExecutor.Handle handle = executor.submit(progress -> {
            try (var linked = progress.token().onCancel(() -> runToken.cancel(progress.token().reason()))) {
                BenchResult r = work.run(runToken);
                runStore.save(r);
                return r;
            }
        }, r -> finish(self[0], r, null), failure -> finish(self[0], null, failure));
        self[0] = new Running(handle, runToken);
        if (running.get() && task == null && state.get() == State.RUNNING) {
            task = self[0];
        }
    }

    private void finish(Running t, BenchResult result, Throwable failure) {
        if (t != null && task != t) {
            return;
        }
        task = null;
        live = null;
        // the error first: whoever watches the run end sees whether it failed
        if (result != null && SummaryStrip.stateOf(result) == SummaryStrip.State.FAILED) {
            String why = result.status().replaceFirst("^failed:?\\s*", "");
            error.set(new ErrorReport("The " + result.kind() + " benchmark on " + result.uri() + " failed: "
                    + (why.isBlank() ? "see the details" : why), result.status(), result.status()));
        } else if (result == null && failure != null) {
            error.set(ErrorReport.of(runningWhat + " failed", failure));
        }
        if (result != null) {
            lastResult.set(result);
        }
        state.set(State.IDLE);
        running.set(false);
        if (result != null) {
            message.set(String.format(Locale.ROOT, "%s %s: %s in %s = %s (%s)", result.kind(),
                    result.status(), Units.formatSize(result.bytes()), Units.formatDuration(result.seconds()),
                    Units.formatRate(result.mbPerSec() * 1e6), result.uri()));
            refreshRuns();
        } else if (failure != null) {
            message.set("Benchmark failed: " + describe(failure));
        } else {
            message.set("Benchmark cancelled.");
        }
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** Ends the run within about a second; its result so far is kept with status "cancelled". */
    public void stop() {
        if (task != null) {
            state.set(State.STOPPING);
            message.set("Stopping …");
            task.token().cancel("stopped from the lab");
        }
    }

    /** One tick of the live view; {@code null} when nothing runs. FX thread (one sampler). */
    public LiveSample sample() {
        LiveRun run = live;
        return run == null ? null : run.probe();
    }

    /** The run in flight, for tests and the live view; {@code null} when idle. */
    LiveRun live() {
        return live;
    }

    // ------------------------------------------------------------------ saved runs (in SavedRuns)

    /** Re-reads the runs folder in the background; only the newest reading is shown. */
    public void refreshRuns() {
        savedRuns.refreshRuns();
    }

    /** Copies a result file (GUI or CLI {@code --json -o FILE}) into the runs folder. */
    public CompletableFuture<Path> importResult(Path file) {
        return savedRuns.importResult(file);
    }

    /** Deletes a saved run; a failure says so and the run stays listed. */
    public CompletableFuture<Path> deleteRun(RunStore.Entry entry) {
        return savedRuns.deleteRun(entry);
    }

    public CompletableFuture<Path> exportJson(BenchResult result, Path target) {
        return savedRuns.exportJson(result, target);
    }

    public CompletableFuture<Path> exportCsv(BenchResult result, Path target) {
        return savedRuns.exportCsv(result, target);
    }

    /** Several runs as JSON, one result file per run in {@code dir}; an existing file is never overwritten. */
    public CompletableFuture<Path> exportJsonEach(java.util.List<BenchResult> results, Path dir) {
        return savedRuns.exportJsonEach(results, dir);
    }

    /** Several runs in one CSV: every run's samples, each row starting with its run (1, 2, … in the given order). */
    public CompletableFuture<Path> exportCsvAll(java.util.List<BenchResult> results, Path target) {
        return savedRuns.exportCsvAll(results, target);
    }

    /** Writes {@code target} off the UI thread; the status line says how it went. */
    CompletableFuture<Path> export(Path target, Runnable write) {
        return savedRuns.export(target, write);
    }

    public RunStore runStore() {
        return runStore;
    }

    public Function<ObjectUri, ObjectStore> stores() {
        return stores;
    }

    /** Stops a run in flight (window closing). */
    @Override
    public void close() {
        Running t = task;
        if (t != null) {
            t.handle().cancel(); // no callback of the run comes after this: end it here
            finish(t, null, null);
        }
    }

    // ------------------------------------------------------------------ properties

    public StringProperty uriProperty() { return uri; }
    public ObjectProperty<Kind> kindProperty() { return kind; }
    public StringProperty chunkSizeProperty() { return chunkSize; }
    public StringProperty minSplitSizeProperty() { return minSplitSize; }
    public DoubleProperty rangeTimeoutSecondsProperty() { return rangeTimeoutSeconds; }
    public IntegerProperty repeatsProperty() { return repeats; }
    public ObjectProperty<LoaderType> loaderTypeProperty() { return loaderType; }
    public IntegerProperty batchSizeProperty() { return batchSize; }
    public IntegerProperty epochsProperty() { return epochs; }
    public BooleanProperty shuffleProperty() { return shuffle; }
    public LongProperty seedProperty() { return seed; }
    public IntegerProperty computeMsProperty() { return computeMs; }
    public IntegerProperty concurrencyProperty() { return concurrency; }
    public IntegerProperty prefetchProperty() { return prefetch; }
    public StringProperty sizesProperty() { return sizes; }
    public IntegerProperty putCountProperty() { return putCount; }
    public StringProperty partSizeProperty() { return partSize; }
    public BooleanProperty keepObjectsProperty() { return keepObjects; }
    public StringProperty mixProperty() { return mix; }
    public IntegerProperty mixedSecondsProperty() { return mixedSeconds; }
    public IntegerProperty mixedObjectsProperty() { return mixedObjects; }
    /** On: put and mixed runs go open loop at {@link #rateProperty()} ops/s; off: as fast as they go. */
    public BooleanProperty rateLimitedProperty() { return rateLimited; }
    public IntegerProperty rateProperty() { return rate; }
    public BooleanProperty poissonProperty() { return poisson; }
    public ReadOnlyObjectProperty<State> stateProperty() { return state.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty runningProperty() { return running.getReadOnlyProperty(); }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<BenchResult> lastResultProperty() { return lastResult.getReadOnlyProperty(); }
    /** The last run's failure (or a refused start), for the error pane; {@code null} when there is none. */
    public ReadOnlyObjectProperty<ErrorReport> errorProperty() { return error.getReadOnlyProperty(); }
    public void dismissError() { error.set(null); }
    /** The picked connection; {@code null} means "by the URI" (the opener the lab was made with). */
    public ObjectProperty<ConnectionProfile> connectionProperty() { return picker.picked(); }
    public ObservableList<ConnectionProfile> connections() { return picker.offered(); }
    public ReadOnlyObjectProperty<Kind> runningKindProperty() { return runningKind.getReadOnlyProperty(); }
    public ObservableList<BenchResult.Mark> liveMarks() { return liveMarksView; }
    public ObservableList<RunStore.Entry> runs() { return savedRuns.runs(); }
}
