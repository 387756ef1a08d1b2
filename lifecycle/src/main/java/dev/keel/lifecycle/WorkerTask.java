package dev.keel.lifecycle;

/** The body of a one-shot task, of one loop iteration, or of one periodic tick. */
@FunctionalInterface
public interface WorkerTask {

    void run(WorkerContext context) throws Exception;
}
