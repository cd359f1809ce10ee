package org.mfunet.serve;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The cases waiting for the one inference that runs at a time, at most {@code capacity} of them. An upload reserves
 * its place before its body is read ({@link #reserve}), so a full queue refuses at once, and then either takes it
 * ({@link #submit}) or gives it back ({@link #release}). Thread-safe; the service also holds this object's lock to make
 * a deletion and a finishing segmentation exclude each other.
 */
final class InferenceQueue {
    /** What {@link #remove} found. */
    enum Removal { WAITING, RUNNING, ABSENT }

    private final int capacity;
    private final ArrayDeque<String> waiting = new ArrayDeque<>();
    private int reserved;
    private String running;
    private boolean closed;

    InferenceQueue(int capacity) {
        this.capacity = capacity;
    }

    /** Takes a place for an upload about to be read; false when the queue is full (or closed). */
    synchronized boolean reserve() {
        if (closed || waiting.size() + reserved >= capacity) {
            return false;
        }
        reserved++;
        return true;
    }

    /** Gives back a place taken by {@link #reserve} whose upload did not become a case. */
    synchronized void release() {
        reserved--;
    }

    /** Puts an accepted case in the place its upload reserved. */
    synchronized void submit(String id) {
        reserved--;
        waiting.add(id);
        notifyAll();
    }

    /** Queues a case of a previous process again at start, beyond the capacity if need be: it was accepted once. */
    synchronized void resume(String id) {
        waiting.add(id);
        notifyAll();
    }

    /**
     * Waits for the next case and marks it running.
     *
     * @return its id, or null once the queue is closed
     */
    synchronized String take() throws InterruptedException {
        while (!closed && waiting.isEmpty()) {
            wait();
        }
        if (closed) {
            return null;
        }
        running = waiting.poll();
        return running;
    }

    /** The running case has finished. */
    synchronized void finished() {
        running = null;
    }

    /** The case being segmented, or null. */
    synchronized String running() {
        return running;
    }

    /** Cases waiting, not counting the one running. */
    synchronized int waitingCount() {
        return waiting.size();
    }

    /** Cases ahead of a waiting one (0: it is next), or null when it is not waiting. */
    synchronized Integer position(String id) {
        int ahead = 0;
        for (Iterator<String> it = waiting.iterator(); it.hasNext(); ahead++) {
            if (it.next().equals(id)) {
                return ahead;
            }
        }
        return null;
    }

    /** Takes a waiting case out of the queue; says whether it was waiting, is running, or neither. */
    synchronized Removal remove(String id) {
        if (waiting.remove(id)) {
            return Removal.WAITING;
        }
        return id.equals(running) ? Removal.RUNNING : Removal.ABSENT;
    }

    /** No more cases are taken or reserved; {@link #take} returns null. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }
}
