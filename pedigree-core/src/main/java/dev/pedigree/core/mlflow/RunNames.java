package dev.pedigree.core.mlflow;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Generated run names in MLflow's style: an adjective, a noun and a number ({@code brave-owl-417}). */
final class RunNames {
  private static final List<String> ADJECTIVES = List.of("able", "bold", "brave", "bright", "calm", "clever",
      "crisp", "curious", "daring", "eager", "fair", "gentle", "glad", "grand", "honest", "keen", "kind", "lively",
      "lucky", "merry", "neat", "nimble", "noble", "proud", "quick", "quiet", "rare", "silent", "smart", "steady",
      "sunny", "swift", "tidy", "vivid", "warm", "wise", "witty", "zesty");
  private static final List<String> NOUNS = List.of("ant", "bass", "bear", "bee", "cat", "crane", "crow", "deer",
      "doe", "dove", "eel", "elk", "finch", "fox", "frog", "goat", "hare", "hawk", "heron", "jay", "koi", "lark",
      "lynx", "mink", "mole", "moth", "newt", "owl", "ox", "panda", "ram", "robin", "seal", "shrew", "slug", "snail",
      "swan", "toad", "trout", "wasp", "wolf", "wren", "yak");

  private RunNames() {}

  static String generate() {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    return ADJECTIVES.get(random.nextInt(ADJECTIVES.size())) + "-" + NOUNS.get(random.nextInt(NOUNS.size())) + "-"
        + random.nextInt(1000);
  }
}
