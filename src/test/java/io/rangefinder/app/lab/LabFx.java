package io.rangefinder.app.lab;

import io.rangefinder.bench.BenchResult;
import atlantafx.base.theme.PrimerLight;
import javafx.application.Application;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the lab's window tests. */
final class LabFx {

    private LabFx() {
    }

    static <T> T fx(Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(10, TimeUnit.SECONDS);
    }

    static void fxRun(Runnable r) throws Exception {
        fx(() -> {
            r.run();
            return null;
        });
    }

    static void show(Stage stage, LabView view) {
        Application.setUserAgentStylesheet(new PrimerLight().getUserAgentStylesheet());
        stage.setScene(new Scene(view.node(), 1100, 700)); // the default window: README screenshots show what a user first sees
        stage.setTitle("Rangefinder lab");
        stage.show();
    }

    /** Where screenshots go: -Drangefinder.screenshots=DIR (assets/screenshots for the committed ones), else target/screenshots. */
    static Path screenshotDir() {
        String dir = System.getProperty("rangefinder.screenshots");
        return Path.of(dir == null || dir.isBlank() ? "target/screenshots" : dir);
    }

    static Path screenshot(Stage stage, String name) throws Exception {
        Path target = screenshotDir().resolve(name);
        Files.createDirectories(target.getParent());
        var image = fx(() -> SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null));
        ImageIO.write(image, "png", target.toFile());
        return target;
    }

    /** A saved run with a short sine-shaped series and one tuning mark, as the Runs tab shows it. */
    static BenchResult sampleRun(String startedAt, String kind, String uri, double mbps) {
        java.util.List<BenchResult.Sample> series = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            series.add(new BenchResult.Sample(i * 0.1, mbps * (0.8 + 0.2 * Math.sin(i)), 10, 8, 16, 0, 0, 12, 40, 0));
        }
        return new BenchResult(kind, uri, startedAt, "test", 8, 1L << 30, 1, 4, mbps, 40, 16,
                new BenchResult.Latency(12, 20, 40, 60, 80), 1, 0, "ok",
                java.util.Map.of("chunkSize", 8L << 20, "repeats", 3), null, series,
                java.util.List.of(new BenchResult.Mark(1.5, "concurrency", 32)));
    }


    /** Shown on screen: the node and all its parents are visible (a hidden tab's content is not). */
    static boolean shown(javafx.scene.Node n) {
        for (javafx.scene.Node p = n; p != null; p = p.getParent()) {
            if (!p.isVisible()) {
                return false;
            }
        }
        return n.getScene() != null;
    }

    static java.util.List<javafx.scene.Node> all(javafx.scene.Parent root) {
        java.util.List<javafx.scene.Node> out = new java.util.ArrayList<>();
        java.util.ArrayDeque<javafx.scene.Node> todo = new java.util.ArrayDeque<>(java.util.List.of(root));
        while (!todo.isEmpty()) {
            javafx.scene.Node n = todo.pop();
            out.add(n);
            if (n instanceof javafx.scene.Parent p) {
                todo.addAll(p.getChildrenUnmodifiable());
            }
        }
        return out;
    }

    /**
     * Every shown Labeled whose skin draws less than its text (JavaFX draws a cut text as a
     * LabeledText child holding the shortened string, e.g. "JS…"), as "text → drawn".
     */
    static java.util.List<String> truncated(javafx.scene.Parent root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (javafx.scene.Node n : all(root)) {
            if (n instanceof javafx.scene.control.Labeled l && shown(l) && l.getText() != null && !l.getText().isEmpty()) {
                for (javafx.scene.Node child : l.getChildrenUnmodifiable()) {
                    if (child instanceof javafx.scene.text.Text t && child.getStyleClass().contains("text")
                            && !l.getText().equals(t.getText())) {
                        out.add(l.getClass().getSimpleName() + " \"" + l.getText() + "\" drawn as \"" + t.getText() + "\"");
                    }
                }
            }
        }
        return out;
    }

    /** Shown buttons (and toggle buttons) that reach outside the window. */
    static java.util.List<String> buttonsOutside(javafx.scene.Scene scene) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (javafx.scene.Node n : all(scene.getRoot())) {
            if (n instanceof javafx.scene.control.ButtonBase b && shown(b)) {
                javafx.geometry.Bounds bb = b.localToScene(b.getLayoutBounds());
                if (bb.getMinX() < -0.5 || bb.getMinY() < -0.5 || bb.getMaxX() > scene.getWidth() + 0.5
                        || bb.getMaxY() > scene.getHeight() + 0.5) {
                    out.add(describe(b) + " at " + bb);
                }
            }
        }
        return out;
    }

    /** Buttons with an icon and no text that lack a tooltip or accessible text. */
    static java.util.List<String> unnamedIconButtons(javafx.scene.Parent root) {
        java.util.List<String> out = new java.util.ArrayList<>();
        for (javafx.scene.Node n : all(root)) {
            if (n instanceof javafx.scene.control.ButtonBase b && b.getGraphic() != null
                    && (b.getText() == null || b.getText().isBlank())) {
                if (b.getTooltip() == null || b.getTooltip().getText() == null || b.getTooltip().getText().isBlank()
                        || b.getAccessibleText() == null || b.getAccessibleText().isBlank()) {
                    out.add(describe(b));
                }
            }
        }
        return out;
    }

    private static String describe(javafx.scene.control.ButtonBase b) {
        return b.getClass().getSimpleName() + "#" + b.getId() + " \"" + (b.getText() == null ? "" : b.getText()) + "\"";
    }
}
