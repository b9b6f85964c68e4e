package io.pgsafety.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * Runs tasks {@code 0..count-1} on one thread per core, each thread taking the next task in
 * index order. The threads get a large stack so that deeply nested SQL meets the same limit
 * whichever thread parses it.
 */
final class Workers {

    private static final long STACK_BYTES = 64L << 20;

    private Workers() {}

    /** Runs every task; the first exception or error a task throws is rethrown here. */
    static void forEach(int count, IntConsumer task) {
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable worker = () -> {
            int i;
            while (failure.get() == null && (i = next.getAndIncrement()) < count) {
                try {
                    task.accept(i);
                } catch (RuntimeException | Error e) {
                    failure.compareAndSet(null, e);
                }
            }
        };
        Thread[] threads = new Thread[Math.min(count, Runtime.getRuntime().availableProcessors())];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(null, worker, "safety-worker-" + t, STACK_BYTES);
            threads[t].setDaemon(true);
            threads[t].start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the analysis", e);
            }
        }
        Throwable t = failure.get();
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
    }
}
