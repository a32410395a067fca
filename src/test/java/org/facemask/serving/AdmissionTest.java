package org.facemask.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The door: a bounded number served, a bounded wait for the next place, oldest first, and a stop
 * that refuses newcomers and waiters while it waits for those inside. Waiting is observed through
 * {@link Admission#waiting()}, never guessed with sleeps.
 */
class AdmissionTest {

    @Test
    void a_request_beyond_the_limit_gets_the_next_place_freed() throws Exception {
        Admission admission = new Admission(1, 4, 60_000);
        Admission.Ticket first = admission.enter();
        CompletableFuture<Admission.Ticket> second = CompletableFuture.supplyAsync(admission::enter);
        awaitWaiting(admission, 1);
        assertFalse(second.isDone(), "admitted while the only place was taken");
        first.close();
        second.get(10, TimeUnit.SECONDS).close();
        assertEquals(0, admission.admitted());
    }

    @Test
    void no_place_within_the_wait_is_refused_as_overloaded_and_with_no_wait_at_once() {
        Admission waitsBriefly = new Admission(1, 4, 20);
        waitsBriefly.enter();
        assertRefused(ServiceException.Reason.OVERLOADED, waitsBriefly::enter);
        assertEquals(0, waitsBriefly.waiting(), "a refused request must leave the waiting room");

        Admission refusesAtOnce = new Admission(1, 4, 0);
        refusesAtOnce.enter();
        assertRefused(ServiceException.Reason.OVERLOADED, refusesAtOnce::enter);
    }

    @Test
    void a_full_waiting_room_refuses_the_next_at_once() throws Exception {
        Admission admission = new Admission(1, 1, 60_000);
        Admission.Ticket inside = admission.enter();
        CompletableFuture<Admission.Ticket> waiter = CompletableFuture.supplyAsync(admission::enter);
        awaitWaiting(admission, 1);
        assertRefused(ServiceException.Reason.OVERLOADED, admission::enter);
        inside.close();
        waiter.get(10, TimeUnit.SECONDS).close();
    }

    @Test
    void closing_a_ticket_twice_frees_one_place_only() {
        Admission admission = new Admission(2, 0, 0);
        Admission.Ticket a = admission.enter();
        admission.enter();
        a.close();
        a.close();
        assertEquals(1, admission.admitted());
    }

    @Test
    void stopping_refuses_waiters_and_newcomers_and_waits_for_those_inside() throws Exception {
        Admission admission = new Admission(1, 4, 60_000);
        Admission.Ticket inside = admission.enter();
        CompletableFuture<Admission.Ticket> waiter = CompletableFuture.supplyAsync(admission::enter);
        awaitWaiting(admission, 1);
        CompletableFuture<Boolean> stopped = CompletableFuture.supplyAsync(() -> {
            try {
                return admission.stopAndAwaitIdle(System.nanoTime() + TimeUnit.SECONDS.toNanos(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        ExecutionException refused = assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
        assertEquals(ServiceException.Reason.STOPPING,
                assertInstanceOf(ServiceException.class, refused.getCause()).reason());
        assertRefused(ServiceException.Reason.STOPPING, admission::enter);
        assertFalse(stopped.isDone(), "the stop must wait for the request inside");
        inside.close();
        assertTrue(stopped.get(10, TimeUnit.SECONDS));
    }

    @Test
    void the_stop_gives_up_at_its_deadline() throws Exception {
        Admission admission = new Admission(1, 0, 0);
        admission.enter();
        assertFalse(admission.stopAndAwaitIdle(System.nanoTime()));
        assertTrue(admission.stopping());
    }

    private static void awaitWaiting(Admission admission, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (admission.waiting() < count) {
            assertTrue(System.nanoTime() < deadline, "nobody started waiting");
            Thread.onSpinWait();
        }
    }

    private static void assertRefused(ServiceException.Reason reason, Runnable enter) {
        ServiceException e = assertThrows(ServiceException.class, enter::run);
        assertEquals(reason, e.reason());
    }
}
