import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Draws the Rangefinder icon (a reticle over range bars) and writes assets/icon.png (512 px),
 * assets/icon.ico (PNG-in-ICO, 256 px) and assets/icon.icns (PNG-in-ICNS, 512 and 1024 px).
 * Run with: java -Djava.awt.headless=true installer/tools/MakeIcons.java
 */
public class MakeIcons {

    static BufferedImage draw(int size) {
        BufferedImage img = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        double s = size / 512.0;
        g.setPaint(new GradientPaint(0, 0, new Color(0x1F6FEB), 0, size, new Color(0x0B3D91)));
        g.fill(new RoundRectangle2D.Double(16 * s, 16 * s, 480 * s, 480 * s, 112 * s, 112 * s));
        // range bars: throughput rising left to right
        g.setColor(new Color(255, 255, 255, 70));
        double[] heights = {90, 150, 210, 270};
        for (int i = 0; i < heights.length; i++) {
            double x = 104 + i * 82;
            g.fill(new RoundRectangle2D.Double(x * s, (400 - heights[i]) * s, 56 * s, heights[i] * s, 14 * s, 14 * s));
        }
        // reticle
        g.setColor(Color.WHITE);
        g.setStroke(new BasicStroke((float) (22 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Ellipse2D.Double(146 * s, 146 * s, 220 * s, 220 * s));
        g.setStroke(new BasicStroke((float) (16 * s), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.draw(new Line2D.Double(256 * s, 96 * s, 256 * s, 196 * s));
        g.draw(new Line2D.Double(256 * s, 316 * s, 256 * s, 416 * s));
        g.draw(new Line2D.Double(96 * s, 256 * s, 196 * s, 256 * s));
        g.draw(new Line2D.Double(316 * s, 256 * s, 416 * s, 256 * s));
        g.setColor(new Color(0xFFB020));
        g.fill(new Ellipse2D.Double(238 * s, 238 * s, 36 * s, 36 * s));
        g.dispose();
        return img;
    }

    static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    public static void main(String[] args) throws IOException {
        Path assets = Path.of(args.length > 0 ? args[0] : "assets");
        Files.createDirectories(assets);
        Files.write(assets.resolve("icon.png"), png(draw(512)));

        // ICO: one 256x256 entry holding a PNG (supported since Windows Vista).
        byte[] p256 = png(draw(256));
        ByteBuffer ico = ByteBuffer.allocate(6 + 16 + p256.length).order(ByteOrder.LITTLE_ENDIAN);
        ico.putShort((short) 0).putShort((short) 1).putShort((short) 1);
        ico.put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // 256x256, no palette
        ico.putShort((short) 1).putShort((short) 32).putInt(p256.length).putInt(6 + 16);
        ico.put(p256);
        Files.write(assets.resolve("icon.ico"), ico.array());

        // ICNS: big-endian container with ic09 (512 px) and ic10 (1024 px) PNG entries.
        byte[] p512 = png(draw(512));
        byte[] p1024 = png(draw(1024));
        ByteArrayOutputStream icns = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(icns);
        d.writeBytes("icns");
        d.writeInt(8 + 8 + p512.length + 8 + p1024.length);
        d.writeBytes("ic09");
        d.writeInt(8 + p512.length);
        d.write(p512);
        d.writeBytes("ic10");
        d.writeInt(8 + p1024.length);
        d.write(p1024);
        d.flush();
        Files.write(assets.resolve("icon.icns"), icns.toByteArray());
    }
}
