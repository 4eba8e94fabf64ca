package io.rangefinder.app.common;

import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** PNG pictures of a scene, taken with {@link Scene#snapshot} (works headless, where a screen robot does not). */
public final class SceneSnapshot {

    private SceneSnapshot() {
    }

    /** On the FX thread: renders the scene now and returns its pixels. */
    public static BufferedImage take(Scene scene) {
        WritableImage image = scene.snapshot(null);
        return SwingFXUtils.fromFXImage(image, null);
    }

    /** Writes {@code image} to {@code target} through a temporary file, so a watcher never reads half a PNG. */
    public static void writePng(BufferedImage image, Path target) {
        try {
            Path dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path partial = Files.createTempFile(dir, ".snapshot", ".png");
            ImageIO.write(image, "png", partial.toFile());
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + target, e);
        }
    }

    /** After the next pulse (so the latest rows are laid out), snapshots on the FX thread and writes off it. */
    public static void writePngLater(Scene scene, Path target) {
        writePngLater(scene, target, () -> { });
    }

    /** Writes the snapshot off the FX thread, then runs {@code then} (also after a failed write). */
    public static void writePngLater(Scene scene, Path target, Runnable then) {
        Platform.runLater(() -> {
            BufferedImage image = take(scene);
            Thread.ofVirtual().name("rf-snapshot").start(() -> {
                try {
                    writePng(image, target);
                } catch (UncheckedIOException e) {
                    System.err.println(e.getMessage() + ": " + e.getCause().getMessage());
                } finally {
                    then.run();
                }
            });
        });
    }
}
