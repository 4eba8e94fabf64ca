import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Drops the signatures of the given jars, in place, so the JDK's AOT cache can hold their classes:
 * HotSpot leaves every class of a signed jar out of CDS/AOT archives ("Skipping ...: Signed JAR")
 * and reads and verifies it from the jar at every start. The Azure SDK's core jars are signed, so
 * an Azure command loaded ~500 classes that way even with an Azure-trained cache. The classes and
 * resources are copied byte for byte; only the signature files (META-INF/*.SF, .RSA, .DSA, .EC)
 * and the manifest's per-entry digests go. The jars were checked against Maven Central's checksums
 * when the build fetched them; a jar without a signature is left untouched. Run at package time:
 *
 *   java installer/tools/Unsign.java JAR...
 */
public final class Unsign {

    public static void main(String[] args) throws IOException {
        for (String a : args) {
            unsign(Path.of(a));
        }
    }

    static boolean isSignature(String name) {
        if (!name.startsWith("META-INF/") || name.indexOf('/', "META-INF/".length()) >= 0) {
            return false;
        }
        return name.endsWith(".SF") || name.endsWith(".RSA") || name.endsWith(".DSA") || name.endsWith(".EC");
    }

    static void unsign(Path jar) throws IOException {
        boolean signed = false;
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements() && !signed; ) {
                signed = isSignature(e.nextElement().getName());
            }
        }
        if (!signed) {
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int dropped = 0;
        try (JarFile in = new JarFile(jar.toFile(), false);
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                String name = entry.getName();
                if (isSignature(name)) {
                    dropped++;
                    continue;
                }
                byte[] bytes;
                if (name.equals(JarFile.MANIFEST_NAME)) {
                    Manifest m = new Manifest(in.getInputStream(entry));
                    m.getEntries().clear(); // the per-entry digests the signature vouched for
                    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
                    m.write(buf);
                    bytes = buf.toByteArray();
                } else {
                    bytes = in.getInputStream(entry).readAllBytes();
                }
                JarEntry copy = new JarEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": signature dropped (" + dropped + " files) so the AOT cache can hold its classes");
    }
}
