package io.rangefinder.cluster;

import io.rangefinder.storage.StorageException;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/** Some workers never came to the meeting: names them ("ranks 3, 7 did not arrive within 6 s"). */
public final class RendezvousException extends StorageException {

    private static final int NAMED = 10;
    private final List<Integer> missingRanks;

    public RendezvousException(List<Integer> missingRanks, Duration waited) {
        super(message(missingRanks, waited));
        this.missingRanks = List.copyOf(missingRanks);
    }

    public List<Integer> missingRanks() {
        return missingRanks;
    }

    static String message(List<Integer> missing, Duration waited) {
        String secs = waited.toMillis() % 1000 == 0 ? Long.toString(waited.toSeconds())
                : String.format(java.util.Locale.ROOT, "%.1f", waited.toMillis() / 1000.0);
        if (missing.isEmpty()) {
            return "the workers did not start together within " + secs + " s (the leader's start never came)";
        }
        String names = missing.stream().limit(NAMED).map(String::valueOf).collect(Collectors.joining(", "));
        if (missing.size() > NAMED) {
            names += " and " + (missing.size() - NAMED) + " more";
        }
        return (missing.size() == 1 ? "rank " : "ranks ") + names + (missing.size() == 1 ? " did" : " did")
                + " not arrive within " + secs + " s";
    }
}
