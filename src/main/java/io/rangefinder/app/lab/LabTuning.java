package io.rangefinder.app.lab;

import io.rangefinder.bench.TunedSettings;
import io.rangefinder.bench.Tuner;
import io.rangefinder.core.CancellationToken;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import javafx.application.Platform;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * "Find best settings": a {@link Tuner} on the lab's running benchmark. The tuner turns the same
 * start field the slider drives (so the slider follows it and each step is marked on the time charts
 * as a manual retune is), its points arrive one per step for the tuning chart, and the pick can be
 * applied to the connection ({@link TunedSettings}) or reset. The search runs on its own thread,
 * never the FX thread; Stop cancels it with the run and the points measured so far stay.
 */
final class LabTuning {

    private final ObservableList<Tuner.Point> points = FXCollections.observableArrayList();
    private final ObjectProperty<Tuner.Result> result = new SimpleObjectProperty<>();
    private final StringProperty status = new SimpleStringProperty("");
    private final BooleanProperty searching = new SimpleBooleanProperty();
    private volatile Tuner.Options options = Tuner.Options.upTo(64);
    // the search of the current run: its thread's outcome, read by the run's body before it saves
    private volatile Thread thread;
    private volatile Tuner.Result finished;

    ObservableList<Tuner.Point> points() {
        return points;
    }

    ObjectProperty<Tuner.Result> resultProperty() {
        return result;
    }

    StringProperty statusProperty() {
        return status;
    }

    BooleanProperty searchingProperty() {
        return searching;
    }

    /** Tests search a short ladder with short readings. */
    void setOptions(Tuner.Options o) {
        options = o;
    }

    Tuner.Options options() {
        return options;
    }

    /** FX thread: a new search is about to start with a run; the last one's points go. */
    void reset() {
        points.clear();
        result.set(null);
        finished = null;
        searching.set(true);
        status.set("Searching …");
    }

    /**
     * Starts the search on {@code knob} (called by the run's body once its benchmark exists, off the
     * FX thread). {@code setting} is how the lab applies a value: through its start field on the FX
     * thread. When the search ends by itself, {@code endRun} stops the run.
     */
    void begin(Tuner.Knob knob, IntConsumer setting, CancellationToken run, Runnable endRun) {
        Tuner.Knob throughField = new ThroughField(knob, setting);
        Tuner tuner = new Tuner(options);
        Thread t = Thread.ofVirtual().name("rf-lab-tuner").start(() -> {
            Tuner.Result r = tuner.tune(throughField, run, p -> Platform.runLater(() -> points.add(p)));
            finished = r;
            Platform.runLater(() -> {
                result.set(r);
                searching.set(false);
                status.set(r.recommended() == null ? "Nothing measured: " + r.reason()
                        : "Recommended: " + knob.name() + " " + r.recommended() + " — " + r.reason());
            });
            if (!run.isCancelled()) {
                endRun.run();
            }
        });
        thread = t;
    }

    /** The search's result once it has ended (waits briefly for a cancelled one to record its points); null if none ran. */
    Tuner.Result await(Duration atMost) {
        Thread t = thread;
        if (t == null) {
            return null;
        }
        try {
            t.join(atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        thread = null;
        return finished;
    }

    /** Off the FX thread: stores the pick for the connection. */
    static TunedSettings.Entry apply(String connectionKey, String setting, Tuner.Result r, String uri) {
        return TunedSettings.open().apply(connectionKey, setting, r, uri);
    }

    /** Sets values through the lab's start field, waiting (briefly) until the FX thread has applied it. */
    private record ThroughField(Tuner.Knob inner, IntConsumer setting) implements Tuner.Knob {
        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public void set(int value) {
            CountDownLatch done = new CountDownLatch(1);
            Platform.runLater(() -> {
                try {
                    setting.accept(value);
                } finally {
                    done.countDown();
                }
            });
            try {
                if (!done.await(2, TimeUnit.SECONDS)) {
                    inner.set(value); // the FX thread is busy: the run still gets the value
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public long bytes() {
            return inner.bytes();
        }

        @Override
        public double p99Ms() {
            return inner.p99Ms();
        }

        @Override
        public long memoryBytes(int value) {
            return inner.memoryBytes(value);
        }

        @Override
        public double elapsedSeconds() {
            return inner.elapsedSeconds();
        }

        @Override
        public long bytesInFlight(int value) {
            return inner.bytesInFlight(value);
        }

        @Override
        public int requestsInFlight(int value) {
            return inner.requestsInFlight(value);
        }

        @Override
        public boolean restart() {
            return inner.restart();
        }
    }
}
