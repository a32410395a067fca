package org.facemask.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShardTest {

    @Test
    void every_path_belongs_to_exactly_one_shard_of_every_count() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            paths.add("class-" + i % 3 + "/image_" + i + ".jpg");
        }
        paths.add("ünïcode/顔.png");
        for (int count = 1; count <= 7; count++) {
            int[] sizes = new int[count];
            for (String path : paths) {
                int owners = 0;
                for (int index = 0; index < count; index++) {
                    if (new Shard(index, count).contains(path)) {
                        owners++;
                        sizes[index]++;
                    }
                }
                assertEquals(1, owners, path + " of " + count);
            }
            for (int size : sizes) {
                // A hash spreads the files: no shard gets less than half its share.
                assertTrue(size > paths.size() / count / 2, count + " shards: " + Arrays.toString(sizes));
            }
        }
    }

    @Test
    void the_shard_of_a_path_is_its_crc32_mod_n() {
        // CRC-32 of "a.jpg" is 2603921942 (zlib.crc32 in Python gives the same): shard 2 of 4, 2 of 5.
        assertTrue(new Shard(2, 4).contains("a.jpg"));
        assertTrue(new Shard(2, 5).contains("a.jpg"));
    }

    @Test
    void parses_i_of_n_and_refuses_the_rest() {
        assertEquals(new Shard(3, 4), Shard.parse("3/4"));
        assertEquals("3/4", Shard.parse(" 3 / 4 ").toString());
        for (String bad : List.of("4/4", "-1/4", "1", "1/2/3", "x/4", "0/0", "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Shard.parse(bad));
            assertTrue(e.getMessage().startsWith("shard must be i/n"), e.getMessage());
        }
    }
}
