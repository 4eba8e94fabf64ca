import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Rewrites the pre-Java-6 class files (major version below 50) of the given jars as Java 8 class
 * files with stack maps, in place, so the JDK's AOT cache can hold them: HotSpot leaves "old"
 * classes out of CDS/AOT archives and loads and verifies them from the jar at every start. picocli
 * (compiled for Java 5) is the case this is for: its ~175 classes cost 35-50 ms of every CLI start.
 * The bytecode is not changed, only re-emitted with the frames the newer format needs; a jar
 * with nothing to rewrite is left untouched. Run at package time with JDK 25 (java.lang.classfile):
 *
 *   java installer/tools/UpgradeOldClasses.java JAR...
 */
public final class UpgradeOldClasses {

    public static void main(String[] args) throws Exception {
        for (String a : args) {
            upgrade(Path.of(a));
        }
    }

    /** Whether the jar holds a class file older than Java 6 and no signature (which a rewrite would break). */
    static boolean needsUpgrade(Path jar) throws Exception {
        boolean old = false;
        try (JarFile in = new JarFile(jar.toFile(), false)) {
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.startsWith("META-INF/") && (name.endsWith(".SF") || name.endsWith(".RSA")
                        || name.endsWith(".DSA") || name.endsWith(".EC"))) {
                    return false;
                }
                if (!old && name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    byte[] head = in.getInputStream(in.getEntry(name)).readNBytes(8);
                    old = head.length == 8 && (((head[6] & 0xff) << 8) | (head[7] & 0xff)) < ClassFile.JAVA_6_VERSION;
                }
            }
        }
        return old;
    }

    static void upgrade(Path jar) throws Exception {
        if (!needsUpgrade(jar)) {
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        int upgraded = 0;
        List<String> failed = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             JarFile in = new JarFile(jar.toFile());
             JarOutputStream out = new JarOutputStream(Files.newOutputStream(tmp))) {
            ClassFile cf = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                    ClassFile.ClassHierarchyResolverOption.of(ClassHierarchyResolver.defaultResolver()
                            .orElse(ClassHierarchyResolver.ofResourceParsing(loader))));
            for (Enumeration<JarEntry> e = in.entries(); e.hasMoreElements(); ) {
                JarEntry entry = e.nextElement();
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    ClassModel model = cf.parse(bytes);
                    if (model.majorVersion() < ClassFile.JAVA_6_VERSION) {
                        try {
                            bytes = cf.transformClass(model, ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                                    .andThen((b, el) -> {
                                        if (el instanceof ClassFileVersion) {
                                            b.withVersion(ClassFile.JAVA_8_VERSION, 0);
                                        } else {
                                            b.with(el);
                                        }
                                    }));
                            upgraded++;
                        } catch (RuntimeException ex) { // e.g. jsr/ret, which newer class files forbid
                            failed.add(name + ": " + ex.getMessage());
                        }
                    }
                }
                JarEntry copy = new JarEntry(name);
                copy.setTime(entry.getTime());
                out.putNextEntry(copy);
                out.write(bytes);
                out.closeEntry();
            }
        }
        if (upgraded == 0 || !failed.isEmpty()) {
            Files.delete(tmp);
            if (!failed.isEmpty()) {
                System.err.println(jar.getFileName() + ": left as it was; cannot rewrite " + failed);
            }
            return;
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING);
        System.out.println(jar.getFileName() + ": " + upgraded + " classes rewritten as Java 8 class files");
    }
}
