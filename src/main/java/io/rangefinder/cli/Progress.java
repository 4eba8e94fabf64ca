package io.rangefinder.cli;

import io.rangefinder.core.Units;
import io.rangefinder.engine.Download;
import java.io.PrintWriter;
import java.util.Locale;

/** Prints a download's progress on one stderr line twice a second until it ends. */
final class Progress {

    private Progress() {
    }

    static void follow(Download d, PrintWriter err) {
        if (err == null) {
            return;
        }
        Thread.ofVirtual().name("rf-cli-progress").start(() -> {
            boolean printed = false;
            while (!d.isDone()) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
                if (d.isDone()) {
                    break;
                }
                Download.Progress p = d.progress();
                double f = p.fraction();
                String eta = p.bytesPerSec() > 0 && p.totalBytes() > 0
                        ? Units.formatDuration((p.totalBytes() - p.bytesDone()) / p.bytesPerSec()) : "?";
                err.printf(Locale.ROOT, "\r%s / %s  %5.1f%%  %s  in flight %d/%d  ETA %s   ",
                        Units.formatSize(p.bytesDone()), p.totalBytes() < 0 ? "?" : Units.formatSize(p.totalBytes()),
                        f < 0 ? 0 : f * 100, Units.formatRate(p.bytesPerSec()), p.inFlight(), p.limit(), eta);
                err.flush();
                printed = true;
            }
            if (printed) {
                err.print("\r" + " ".repeat(100) + "\r");
                err.flush();
            }
        });
    }
}
