package io.rangefinder.loader;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads the dataset in order: up to {@code concurrency} fetches run ahead, and batches hold the
 * items in each epoch's order (the seed's {@code buffered(n)}). A fetch keeps its slot until the
 * assembler has taken its sample in order, so memory stays bounded however far a fast fetch gets.
 * Fetching runs on into the next epoch while this one is assembled, but a batch ends with its
 * epoch: the last one may be short (or dropped, with {@code dropLast}).
 */
public final class DataLoader extends Loader {

    private static final CompletableFuture<Sample> END = CompletableFuture.completedFuture(null);
    /** Marks the end of an epoch in the window; it holds no fetch slot. */
    private static final CompletableFuture<Sample> EPOCH_END = CompletableFuture.completedFuture(null);

    public DataLoader(Dataset dataset, LoaderOptions options, CancellationToken token) {
        this(dataset, options, ItemReader.whole(), token);
    }

    public DataLoader(Dataset dataset, LoaderOptions options, ItemReader reader, CancellationToken token) {
        super(dataset, options, reader, token);
    }

    @Override
    protected void produce() {
        LinkedBlockingQueue<CompletableFuture<Sample>> window = new LinkedBlockingQueue<>();
        CompletableFuture<Void> assembled = new CompletableFuture<>();
        spawn("rf-loader-assembler", () -> {
            try {
                assemble(window);
                assembled.complete(null);
            } catch (Throwable t) {
                assembled.completeExceptionally(t);
                fail(t);
            }
        });
        for (int epoch = 0; epoch < options.epochs(); epoch++) {
            for (Dataset.Item item : epochOrder(epoch)) {
                limiter.acquire(token);
                CompletableFuture<Sample> f = new CompletableFuture<>();
                window.add(f);
                spawn("rf-loader-fetch", () -> {
                    try {
                        f.complete(fetch(item));
                    } catch (Throwable t) {
                        f.completeExceptionally(t);
                    }
                });
            }
            window.add(EPOCH_END);
        }
        window.add(END);
        try (var wake = token.onCancel(() -> assembled.cancel(false))) {
            assembled.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException("interrupted");
        } catch (ExecutionException | java.util.concurrent.CancellationException e) {
            token.throwIfCancelled();
            throw new CancelledException("assembler stopped: " + e.getMessage());
        }
    }

    private void assemble(LinkedBlockingQueue<CompletableFuture<Sample>> window) throws InterruptedException {
        List<Sample> forming = new ArrayList<>(options.batchSize());
        long since = System.nanoTime();
        int epoch = 0;
        while (true) {
            CompletableFuture<Sample> f = window.poll(100, TimeUnit.MILLISECONDS);
            token.throwIfCancelled();
            if (f == null) {
                continue;
            }
            if (f == END) {
                return;
            }
            if (f == EPOCH_END) {
                // The epoch's short batch, unless dropped; the next epoch starts a batch of its own.
                if (!forming.isEmpty() && !options.dropLast()) {
                    emit(forming, since, epoch);
                }
                forming = new ArrayList<>(options.batchSize());
                since = System.nanoTime();
                epoch++;
                continue;
            }
            Sample s;
            try (var wake = token.onCancel(() -> f.cancel(false))) {
                s = f.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException re ? re : new RuntimeException(e.getCause());
            } catch (java.util.concurrent.CancellationException e) {
                throw new CancelledException(token.reason());
            } finally {
                limiter.release();
            }
            forming.add(s);
            if (forming.size() >= options.batchSize()) {
                emit(forming, since, epoch);
                forming = new ArrayList<>(options.batchSize());
                since = System.nanoTime();
            }
        }
    }
}
