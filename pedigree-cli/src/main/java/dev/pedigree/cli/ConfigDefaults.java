package dev.pedigree.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment and a config file, so precedence is: built-in default
 * &lt; config file &lt; environment variable &lt; command-line flag. An option's config key is its
 * {@code descriptionKey} (kebab-case, dotted: {@code server.port}); its environment variable is
 * {@code PEDIGREE_} plus the key in upper case with dots and dashes as underscores
 * ({@code PEDIGREE_SERVER_PORT}). The config file is a properties file given by {@code --config}
 * or {@code PEDIGREE_CONFIG}.
 */
final class ConfigDefaults implements CommandLine.IDefaultValueProvider {
  /** Shorter environment names kept for convenience, checked after the canonical ones. */
  private static final Map<String, String> ENVIRONMENT_ALIASES = Map.of("database.jdbc-url", "PEDIGREE_DB_URL");

  private final Map<String, String> environment;
  private final Properties file;

  ConfigDefaults(String[] args) {
    this(args, System.getenv());
  }

  ConfigDefaults(String[] args, Map<String, String> environment) {
    this.environment = environment;
    this.file = load(configPath(args, environment));
  }

  @Override
  public @Nullable String defaultValue(ArgSpec argSpec) {
    if (!(argSpec instanceof OptionSpec option) || option.descriptionKey() == null
        || option.descriptionKey().isEmpty()) {
      return null;
    }
    String key = option.descriptionKey();
    String fromEnvironment = environment.get(environmentName(key));
    if (fromEnvironment == null || fromEnvironment.isEmpty()) {
      String alias = ENVIRONMENT_ALIASES.get(key);
      fromEnvironment = alias == null ? null : environment.get(alias);
    }
    if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
      return fromEnvironment;
    }
    String fromFile = file.getProperty(key);
    if (fromFile != null) {
      return fromFile.strip();
    }
    return option.defaultValue();
  }

  static String environmentName(String key) {
    return "PEDIGREE_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  private static @Nullable Path configPath(String[] args, Map<String, String> environment) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        return Path.of(args[i + 1]);
      }
      if (args[i].startsWith("--config=")) {
        return Path.of(args[i].substring("--config=".length()));
      }
    }
    String fromEnvironment = environment.get("PEDIGREE_CONFIG");
    return fromEnvironment == null || fromEnvironment.isEmpty() ? null : Path.of(fromEnvironment);
  }

  private static Properties load(@Nullable Path path) {
    Properties properties = new Properties();
    if (path == null) {
      return properties;
    }
    try (Reader reader = Files.newBufferedReader(path)) {
      properties.load(reader);
      return properties;
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read config file " + path + ": " + e.getMessage(), e);
    }
  }
}
