package io.rangefinder.app;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AddressTextTest {

    @Test
    void formatsAndParsesFileAddresses() {
        Location docs = Location.of("home", "u/docs/");
        assertThat(AddressText.format(docs)).isEqualTo("file:///home/u/docs/");
        assertThat(AddressText.parse("file:///home/u/docs/")).isEqualTo(docs);
        assertThat(AddressText.parse("  file:///home/u/docs ")).isEqualTo(docs);
        assertThat(AddressText.parse("/home/u/docs")).isEqualTo(docs);
        assertThat(AddressText.parse("file:/home//u/./docs/x/..")).isEqualTo(docs);
        assertThat(AddressText.parse("file:///")).isEqualTo(Location.ROOT);
        assertThat(AddressText.format(Location.ROOT)).isEqualTo("file:///");
    }

    @Test
    void rejectsWhatItCannotOpenWithAReadableMessage() {
        assertThatThrownBy(() -> AddressText.parse("s3://bucket/key")).hasMessageContaining("file://");
        assertThatThrownBy(() -> AddressText.parse("docs")).hasMessageContaining("Not an address");
        assertThatThrownBy(() -> AddressText.parse("")).hasMessageContaining("Type an address");
    }

    @Test
    void mapsALocalPathOntoTheRootedStore() {
        assertThat(Location.ofLocalPath(Path.of("/home/u"))).isEqualTo(Location.of("home", "u/"));
        assertThat(Location.ofLocalPath(Path.of("/"))).isEqualTo(Location.ROOT);
        assertThat(Location.of("home", "u/x/").parent()).isEqualTo(Location.of("home", "u/"));
        assertThat(Location.of("home", "u/x/").pathFromRoot())
                .containsExactly(Location.ROOT, Location.of("home", ""), Location.of("home", "u/"), Location.of("home", "u/x/"));
    }
}
