package org.opmas.bench.core;

/** Named platform threads for the harness's concurrent parts (Java 17: no Thread.ofPlatform). */
public final class Threads {

    private Threads() {
    }

    public static Thread start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
