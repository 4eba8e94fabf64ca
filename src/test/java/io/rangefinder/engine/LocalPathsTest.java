package io.rangefinder.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rangefinder.storage.StorageException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LocalPathsTest {

    @TempDir
    Path dir;

    @Test
    void ordinaryKeysLandUnderTheFolder() {
        assertThat(LocalPaths.under(dir, "a/b/c.bin")).isEqualTo(dir.resolve("a/b/c.bin").toAbsolutePath());
        assertThat(LocalPaths.under(dir, "with space/ünï #+%.txt")).startsWithRaw(dir.toAbsolutePath());
        assertThat(LocalPaths.under(dir, "a..b/..c")).startsWithRaw(dir.toAbsolutePath());
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/../../x", "/etc/passwd", "a/./b", "..", "", "a\u0000b", "a\nb", "C:\\x", "a\\..\\b"})
    void hostileKeysNeverEscape(String key) {
        assertThatThrownBy(() -> LocalPaths.under(dir, key)).isInstanceOf(StorageException.InvalidArgument.class)
                .hasMessageContaining("not downloading");
    }

    @Test
    void overlongNamesAreRefusedWithAShortMessage() {
        assertThatThrownBy(() -> LocalPaths.under(dir, "x".repeat(300))).isInstanceOf(StorageException.InvalidArgument.class)
                .satisfies(e -> assertThat(e.getMessage().length()).isLessThan(250));
    }
}
