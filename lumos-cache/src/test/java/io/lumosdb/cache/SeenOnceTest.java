package io.lumosdb.cache;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeenOnceTest {
    @Test
    void firstSighting_thenNotAgain_untilCleared() {
        SeenOnce seen = new SeenOnce(1 << 20);
        assertTrue(seen.firstTime(42));
        assertFalse(seen.firstTime(42));
        seen.clear();
        assertTrue(seen.firstTime(42));
    }

    @Test
    void distinctKeys_areRarelyTakenForSeen_andItForgetsAfterItsSample() {
        SeenOnce seen = new SeenOnce(0); // the smallest: 4,096 bits, cleared after 512 sightings
        SplittableRandom random = new SplittableRandom(7);
        int falseSeen = 0;
        for (int i = 0; i < 500; i++) {
            if (!seen.firstTime(random.nextInt())) {
                falseSeen++;
            }
        }
        assertTrue(falseSeen < 500 / 8, "false positives stay under one in eight: " + falseSeen);
        SeenOnce forgetting = new SeenOnce(0);
        assertTrue(forgetting.firstTime(-1));
        for (int i = 0; i < 4_096 / 8; i++) {
            forgetting.firstTime(i * 7919);
        }
        assertTrue(forgetting.firstTime(-1), "cleared after an eighth of its bits were set: aged out");
    }
}
