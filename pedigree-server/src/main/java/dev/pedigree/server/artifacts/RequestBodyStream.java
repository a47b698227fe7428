package dev.pedigree.server.artifacts;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.stream.SubscriptionOption;
import com.linecorp.armeria.server.ServiceRequestContext;
import io.netty.buffer.ByteBuf;
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
 * while the reader hashes and writes, instead of one thread hand-off per chunk. Chunks stay in the
 * server's pooled buffers until read: each byte is copied once, into the reader's array, and a
 * large upload allocates nothing on the heap per chunk. Every chunk is released once read, or when
 * the stream is closed or broken off.
 */
final class RequestBodyStream extends InputStream implements Subscriber<HttpObject> {
  private static final int WINDOW = 64;
  private static final Object END = new Object();

  private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
  private volatile @Nullable Subscription subscription;
  private @Nullable HttpData current;
  private int position;
  private int consumed;
  private volatile boolean ended;

  private RequestBodyStream() {}

  static RequestBodyStream of(ServiceRequestContext ctx, HttpRequest request) {
    RequestBodyStream stream = new RequestBodyStream();
    request.subscribe(stream, ctx.eventLoop(), SubscriptionOption.WITH_POOLED_OBJECTS);
    return stream;
  }

  @Override
  public void onSubscribe(Subscription s) {
    subscription = s;
    s.request(WINDOW);
  }

  @Override
  public void onNext(HttpObject object) {
    if (!(object instanceof HttpData data)) {
      queue.add(HttpData.empty());
      return;
    }
    queue.add(data);
    if (ended) {
      // Closed by the reader meanwhile: nobody will take it.
      releaseQueued();
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
    HttpData data = current;
    while (data == null || position == data.length()) {
      if (ended || !next()) {
        return -1;
      }
      data = current;
    }
    int n = Math.min(length, data.length() - position);
    if (data.isPooled()) {
      ByteBuf bytes = data.byteBuf();
      bytes.getBytes(bytes.readerIndex() + position, buffer, offset, n);
    } else {
      System.arraycopy(data.array(), position, buffer, offset, n);
    }
    position += n;
    return n;
  }

  private boolean next() throws IOException {
    releaseCurrent();
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
    current = (HttpData) item;
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
    releaseCurrent();
    releaseQueued();
  }

  private void releaseCurrent() {
    if (current != null) {
      current.close();
      current = null;
    }
  }

  private void releaseQueued() {
    Object item;
    while ((item = queue.poll()) != null) {
      if (item instanceof HttpData data) {
        data.close();
      }
    }
  }
}
