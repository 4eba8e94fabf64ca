package io.rangefinder.app.transfers;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyPolicyTest {

    @Test
    void keepBothPicksTheFirstFreeNameAndNeverTheSameTwice() {
        KeyPolicy p = new KeyPolicy(Set.of("d/a.txt", "d/a (1).txt", "d/b", "d/.hidden", "d/dir/"), KeyPolicy.Choice.KEEP_BOTH);
        assertThat(p.targetFor("d/a.txt")).isEqualTo("d/a (2).txt");
        assertThat(p.targetFor("d/a.txt")).as("the name just given is taken now").isEqualTo("d/a (3).txt");
        assertThat(p.targetFor("d/b")).isEqualTo("d/b (1)");
        assertThat(p.targetFor("d/.hidden")).as("a leading dot is no extension").isEqualTo("d/.hidden (1)");
        assertThat(p.targetFor("d/dir/")).isEqualTo("d/dir (1)/");
        assertThat(p.targetFor("d/free.txt")).as("a free name is written as is").isEqualTo("d/free.txt");
    }

    @Test
    void skipAndReplace() {
        KeyPolicy skip = new KeyPolicy(Set.of("x"), KeyPolicy.Choice.SKIP);
        assertThat(skip.targetFor("x")).isNull();
        assertThat(skip.targetFor("y")).isEqualTo("y");
        assertThat(skip.skipped()).isEqualTo(1);
        assertThat(new KeyPolicy(Set.of("x"), KeyPolicy.Choice.REPLACE).targetFor("x")).isEqualTo("x");
    }
}
