package dev.faceanon.video.ffmpeg;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * One run of {@code ffmpeg} or {@code ffprobe}: started without a shell, its standard error
 * drained into a {@link StderrTail} by a daemon thread (so it can never block on a full pipe), and
 * killed and reaped by {@link #close()} unless it has exited. Not thread-safe, except
 * {@link #close()}, which any thread may call to stop it.
 */
final class FfmpegProcess implements AutoCloseable {
    /** How long a killed process is waited for; a process that outlives SIGKILL this long is left to the OS. */
    private static final long REAP_SECONDS = 10;
    /** Processes still running, killed if the JVM shuts down (Ctrl-C) in the middle of a run. */
    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly),
                "faceanon-ffmpeg-processes"));
    }

    private final String program;
    private final Process process;
    private final StderrTail stderr = new StderrTail();
    private final Thread drainer;

    private FfmpegProcess(String program, Process process) {
        this.program = program;
        this.process = process;
        this.drainer = new Thread(() -> stderr.drain(process.getErrorStream()), program + "-stderr");
        drainer.setDaemon(true);
        drainer.start();
    }

    /**
     * @param program {@code ffmpeg} or {@code ffprobe}, for messages
     * @param command the executable and its arguments
     * @param writesToStdin whether the caller writes to the process's standard input; otherwise it
     *     is closed at once
     * @param readsStdout whether the caller reads the process's standard output; otherwise it is discarded
     * @return the running process
     * @throws IOException if it cannot be started
     */
    static FfmpegProcess start(String program, List<String> command, boolean writesToStdin, boolean readsStdout)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.redirectOutput(readsStdout ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD);
        builder.redirectError(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        RUNNING.add(process);
        process.onExit().thenRun(() -> RUNNING.remove(process));
        if (!writesToStdin) {
            process.getOutputStream().close();
        }
        return new FfmpegProcess(program, process);
    }

    /** @return the process's standard output */
    InputStream stdout() {
        return process.getInputStream();
    }

    /** @return the process's standard input */
    OutputStream stdin() {
        return process.getOutputStream();
    }

    /** @return its standard error so far */
    StderrTail stderr() {
        return stderr;
    }

    /** @return {@code ffmpeg} or {@code ffprobe} */
    String program() {
        return program;
    }

    /**
     * Waits for the process to exit and for its standard error to be read to the end.
     *
     * @return the exit code
     * @throws InterruptedException if the waiting thread is interrupted (the process keeps running
     *     until {@link #close()})
     */
    int awaitExit() throws InterruptedException {
        int code = process.waitFor();
        drainer.join();
        return code;
    }

    /**
     * @param seconds the longest wait
     * @return whether the process exited in time (its standard error then read to the end)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    boolean awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            return false;
        }
        drainer.join();
        return true;
    }

    /** @return the exit code of an exited process */
    int exitValue() {
        return process.exitValue();
    }

    /** @return whether the process is still running */
    boolean isAlive() {
        return process.isAlive();
    }

    /** @return the process id, for tests and logs */
    long pid() {
        return process.pid();
    }

    /**
     * Kills the process if it is still running and waits for it to be gone (reaped), whatever the
     * interrupt status of the calling thread, which is kept. Closes the pipes. Idempotent.
     */
    @Override
    public void close() {
        boolean interrupted = false;
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(REAP_SECONDS);
        while (true) {
            try {
                long left = deadline - System.nanoTime();
                if (left <= 0 || process.waitFor(left, TimeUnit.NANOSECONDS)) {
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        closeQuietly(process.getOutputStream());
        closeQuietly(process.getInputStream());
        try {
            drainer.join(TimeUnit.SECONDS.toMillis(REAP_SECONDS));
        } catch (InterruptedException e) {
            interrupted = true;
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // A pipe to a killed process: nothing left to do.
        }
    }
}
