package dev.pedigree.cli.artifacts;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A progress bar redrawn in place on a terminal (at most a few times a second); silent otherwise,
 * so logs and pipes get only the final summary line.
 */
final class Progress {
  private final PrintWriter err;
  private final boolean terminal;
  private final String label;
  private final long totalFiles;
  private final long totalBytes;
  private final AtomicLong files = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private volatile long lastDraw;

  Progress(PrintWriter err, boolean terminal, String label, long totalFiles, long totalBytes) {
    this.err = err;
    this.terminal = terminal;
    this.label = label;
    this.totalFiles = totalFiles;
    this.totalBytes = totalBytes;
  }

  static boolean onTerminal() {
    return System.console() != null;
  }

  void fileDone(long size) {
    files.incrementAndGet();
    bytes.addAndGet(size);
    long now = System.nanoTime();
    if (terminal && now - lastDraw > 200_000_000L) {
      lastDraw = now;
      draw();
    }
  }

  void finish() {
    if (terminal) {
      draw();
      err.println();
      err.flush();
    }
  }

  private synchronized void draw() {
    double fraction = totalBytes > 0 ? (double) bytes.get() / totalBytes
        : totalFiles > 0 ? (double) files.get() / totalFiles : 1;
    int width = 30;
    int filled = (int) Math.min(width, Math.round(fraction * width));
    err.print(String.format(Locale.ROOT, "\r%s [%s%s] %3d%% %d/%d files %s", label, "#".repeat(filled),
        " ".repeat(width - filled), Math.round(fraction * 100), files.get(), totalFiles, human(bytes.get())));
    err.flush();
  }

  /** {@code 1 file}, {@code 3 files}. */
  static String count(long n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
