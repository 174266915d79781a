package dev.parley.server.turn;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnSecretTest {
    @Test
    void madeOnceOwnerOnlyAndKept(@TempDir Path dir) throws Exception {
        String first = TurnSecret.loadOrCreate(dir.resolve("data"));
        Path file = dir.resolve("data").resolve(TurnSecret.FILE);
        assertThat(first).hasSizeGreaterThanOrEqualTo(40);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(TurnSecret.loadOrCreate(dir.resolve("data"))).isEqualTo(first);
    }

    @Test
    void aTooShortSecretIsRefused(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(TurnSecret.FILE), "short\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TurnSecret.loadOrCreate(dir)).hasMessageContaining("holds no usable secret");
    }
}
