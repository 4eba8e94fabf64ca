package io.rangefinder.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.core.CancellationToken;
import io.rangefinder.core.CancelledException;
import io.rangefinder.storage.file.FileStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrefixWalkTest {

    @TempDir
    Path root;

    @Test
    void listsEverythingUnderThePrefixAcrossPagesAndSumsTheBytes() throws IOException {
        // more entries than one listing page (1,000), in nested folders, plus a neighbour that must not count
        long expectedBytes = 0;
        for (int i = 0; i < 1_234; i++) {
            Path f = root.resolve("bucket/data/" + (i % 3 == 0 ? "a/b/" : i % 3 == 1 ? "a/" : "") + "f-" + i);
            Files.createDirectories(f.getParent());
            Files.write(f, new byte[i % 7]);
            expectedBytes += i % 7;
        }
        Files.write(Files.createDirectories(root.resolve("bucket/database")).resolve("other"), new byte[100]);
        try (FileStore store = new FileStore(root)) {
            PrefixWalk walk = PrefixWalk.of(store, "bucket", "data/", CancellationToken.create());
            assertThat(walk.objects().stream().filter(o -> !o.key().endsWith("/"))).hasSize(1_234);
            assertThat(walk.objects()).allMatch(o -> o.key().startsWith("data/"));
            assertThat(walk.objects().stream().map(ObjectInfo::key)).contains("data/a/b/f-0", "data/a/f-1", "data/f-2");
            assertThat(walk.bytes()).isEqualTo(expectedBytes);
        }
    }

    @Test
    void aCancelledTokenStopsTheWalk() throws IOException {
        Files.write(Files.createDirectories(root.resolve("bucket/x")).resolve("f"), new byte[1]);
        CancellationToken token = CancellationToken.create();
        token.cancel("user");
        try (FileStore store = new FileStore(root)) {
            assertThatThrownBy(() -> PrefixWalk.of(store, "bucket", "x/", token)).isInstanceOf(CancelledException.class);
        }
    }
}
