package dev.pedigree.model.artifact;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.PedigreeException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest, written as 64 lowercase hexadecimal characters. It names a blob in the blob
 * store and, computed over a canonical manifest, a version's content.
 */
public record Sha256(String hex) implements Comparable<Sha256> {
  /** The digest of zero bytes. */
  public static final Sha256 EMPTY =
      new Sha256("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  private static final String PREFIX = "sha256:";
  private static final HexFormat HEX = HexFormat.of();

  public Sha256 {
    requireNonNull(hex, "hex");
    if (!isValidHex(hex)) {
      throw PedigreeException.invalidArgument(
          "sha256: \"" + abbreviate(hex) + "\" (expected: 64 lowercase hexadecimal characters)");
    }
  }

  /** Parses {@code "sha256:<hex>"} or a bare hex digest. */
  public static Sha256 parse(String text) {
    requireNonNull(text, "text");
    return new Sha256(text.startsWith(PREFIX) ? text.substring(PREFIX.length()) : text);
  }

  /** Wraps a finished 32-byte digest. */
  public static Sha256 of(byte[] digest) {
    requireNonNull(digest, "digest");
    if (digest.length != 32) {
      throw PedigreeException.invalidArgument(
          "digest length: " + digest.length + " (expected: 32 bytes)");
    }
    return new Sha256(HEX.formatHex(digest));
  }

  /** The digest of the given bytes. */
  public static Sha256 hash(byte[] content) {
    MessageDigest md = newMessageDigest();
    return of(md.digest(content));
  }

  /** A fresh SHA-256 {@link MessageDigest}; every JDK provides one. */
  public static MessageDigest newMessageDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  public static boolean isValidHex(String hex) {
    if (hex.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = hex.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  public byte[] bytes() {
    return HEX.parseHex(hex);
  }

  @Override
  public int compareTo(Sha256 other) {
    return hex.compareTo(other.hex);
  }

  /** {@code "sha256:<hex>"}. */
  @Override
  public String toString() {
    return PREFIX + hex;
  }

  private static String abbreviate(String text) {
    String shown = text.length() > 80 ? text.substring(0, 80) + "..." : text;
    StringBuilder sb = new StringBuilder(shown.length());
    shown.codePoints().forEach(cp -> {
      if (cp < 0x20 || cp == 0x7f) {
        sb.append(String.format("\\u%04x", cp));
      } else {
        sb.appendCodePoint(cp);
      }
    });
    return sb.toString();
  }
}
