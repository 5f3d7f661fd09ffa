package dev.scone.bench.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KeyedLookupRunTest {

    @Test
    void sstBytesCountLiveDatabasesOnlyNotSnapshotLinks(@TempDir Path directory) throws Exception {
        Path instance = directory.resolve("job_1_op_2_uuid");
        Path database = Files.createDirectories(instance.resolve("db"));
        Files.write(database.resolve("000010.sst"), new byte[1_000]);
        Files.write(database.resolve("000011.sst"), new byte[234]);
        Files.write(database.resolve("MANIFEST-000005"), new byte[5_000]);
        Path snapshot = Files.createDirectories(instance.resolve("chk-1"));
        Files.createLink(snapshot.resolve("000010.sst"), database.resolve("000010.sst"));

        assertThat(KeyedLookupRun.sstBytes(directory)).isEqualTo(1_234);
    }
}
