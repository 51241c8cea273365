package io.lumosdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The replica's opening publishes its parts (for the routing view it refreshes next) before it starts the
 * apply worker. A read that gets the parts in between and waits for fresh data finds no worker to wait
 * for and fails ("no worker running"): seen once in the benchmark smoke test. So {@link BackgroundReplica#await}
 * hands them out only once the opening has ended, except to the opening itself.
 */
class BackgroundReplicaTest {

    @Test
    void publishedParts_areHandedToReadersOnlyOnceTheOpeningEnded() throws Exception {
        BackgroundReplica background = new BackgroundReplica();
        BackgroundReplica.Parts parts = new BackgroundReplica.Parts(null, null);
        CountDownLatch published = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<BackgroundReplica.Parts> seenByTheOpening = new AtomicReference<>();
        background.start("test replica open", new BackgroundReplica.Opening() {
            @Override
            public BackgroundReplica.Parts open(BackgroundReplica replica) throws java.sql.SQLException {
                replica.publish(parts);
                seenByTheOpening.set(replica.await(Duration.ofMinutes(1))); // must not wait for itself
                published.countDown();
                try {
                    release.await(1, TimeUnit.MINUTES); // where the facade's opening refreshes routing, then starts the worker
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return parts;
            }

            @Override
            public void abandon() {
                // nothing prepared
            }
        }, false);
        assertTrue(published.await(1, TimeUnit.MINUTES), "the opening published its parts");
        assertSame(parts, seenByTheOpening.get());
        assertEquals(Optional.of(parts), background.now(), "routing sees the parts at once");
        // the opening cannot end before it is released: a reader must wait for it, whatever the machine's load
        assertThrows(SQLTimeoutException.class, () -> background.await(Duration.ofMillis(50)));
        release.countDown();
        assertSame(parts, background.await(Duration.ofMinutes(1)));
    }
}
