package dev.pedigree.server.artifacts;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.server.ServiceRequestContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;

/**
 * A request body as an {@link InputStream} for a blocking thread, with a window of chunks in flight
 * (at most {@value #WINDOW} received and not yet read), so the event loop keeps reading the socket
 * while the reader hashes and writes, instead of one thread hand-off per chunk.
 */
final class RequestBodyStream extends InputStream implements Subscriber<HttpObject> {
  private static final int WINDOW = 64;
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile @Nullable Subscription subscription;
  private byte @Nullable [] current;
  private int position;
  private int consumed;
  private boolean ended;

  private RequestBodyStream() {}

  static RequestBodyStream of(ServiceRequestContext ctx, HttpRequest request) {
    RequestBodyStream stream = new RequestBodyStream();
    request.subscribe(stream, ctx.eventLoop());
    return stream;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(WINDOW);
  }

  @Override
  public void onNext(HttpObject object) {
    if (object instanceof HttpData data && !data.isEmpty()) {
      queue.add(data.array());
    } else {
      queue.add(new byte[0]);
    }
  }

  @Override
  public void onError(Throwable t) {
    queue.add(t);
  }

  @Override
  public void onComplete() {
    queue.add(END);
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (current == null || position == current.length) {
      if (ended || !next()) {
        return -1;
      }
    }
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, buffer, offset, n);
    position += n;
    return n;
  }

  private boolean next() throws IOException {
    Object item;
    try {
      item = queue.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the request body");
    }
    if (item == END) {
      ended = true;
      return false;
    }
    if (item instanceof Throwable t) {
      ended = true;
      throw new IOException("the request body broke off: " + t, t);
    }
    current = (byte[]) item;
    position = 0;
    if (++consumed == WINDOW / 2) {
      consumed = 0;
      Subscription s = subscription;
      if (s != null) {
        s.request(WINDOW / 2);
      }
    }
    return true;
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      Subscription s = subscription;
      if (s != null) {
        s.cancel();
      }
    }
  }
}
