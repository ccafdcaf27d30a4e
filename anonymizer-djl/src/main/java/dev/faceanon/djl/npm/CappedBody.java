package dev.faceanon.djl.npm;

import java.io.IOException;
import java.net.http.HttpResponse.BodySubscriber;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body into memory, up to a fixed number of bytes: a server that sends more is cut off as soon
 * as it exceeds the cap, so no body can make the client allocate more than the cap.
 */
final class CappedBody implements BodySubscriber<byte[]> {
    /** The body exceeded the cap. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(long cap) {
            super("the response body exceeds " + cap + " bytes");
        }
    }

    private final long cap;
    private final byte[] buffer;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private int length;

    /**
     * @param cap the most bytes accepted, at most {@link Integer#MAX_VALUE} - 8
     */
    CappedBody(long cap) {
        if (cap < 0 || cap > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("cap out of range: " + cap);
        }
        this.cap = cap;
        this.buffer = new byte[(int) cap];
    }

    @Override
    public CompletionStage<byte[]> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
        if (result.isDone()) {
            return;
        }
        for (ByteBuffer b : items) {
            if (b.remaining() > cap - length) {
                subscription.cancel();
                result.completeExceptionally(new TooLargeException(cap));
                return;
            }
            int n = b.remaining();
            b.get(buffer, length, n);
            length += n;
        }
    }

    @Override
    public void onError(Throwable error) {
        result.completeExceptionally(error);
    }

    @Override
    public void onComplete() {
        if (length == buffer.length) {
            result.complete(buffer);
        } else {
            byte[] shorter = new byte[length];
            System.arraycopy(buffer, 0, shorter, 0, length);
            result.complete(shorter);
        }
    }
}
