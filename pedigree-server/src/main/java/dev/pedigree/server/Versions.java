package dev.pedigree.server;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version this build was made from. */
public final class Versions {
  private Versions() {}

  public static String pedigree() {
    try (InputStream in = Versions.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties properties = new Properties();
      properties.load(in);
      return properties.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
