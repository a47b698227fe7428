package dev.pedigree.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonVenvTest {

  private static final Path REQUIREMENTS = Path.of("src/test/python/mlmd/requirements.txt");

  @Test
  void runsAScriptWithArgumentsAndReportsItsExitCodeAndOutput(@TempDir Path dir) throws IOException {
    Path script = Files.writeString(dir.resolve("echo.py"),
        "import sys\nprint('out:' + ','.join(sys.argv[1:]))\nprint('err', file=sys.stderr)\nsys.exit(3)\n");

    PythonResult result = PythonVenv.forRequirements(REQUIREMENTS).run(script, Duration.ofSeconds(30), "a", "b c");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.stdout()).isEqualTo("out:a,b c\n");
    assertThat(result.stderr()).isEqualTo("err\n");
  }

  @Test
  void killsAScriptThatOutlivesItsTimeout(@TempDir Path dir) throws IOException {
    Path script = Files.writeString(dir.resolve("sleep.py"), "import time\nprint('started')\ntime.sleep(600)\n");

    long start = System.nanoTime();
    assertThatThrownBy(() -> PythonVenv.forRequirements(REQUIREMENTS).run(script, Duration.ofMillis(1500)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("timed out")
        .hasMessageContaining("started");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
  }

  @Test
  void reusesTheCachedEnvironmentForTheSameRequirements() {
    PythonVenv first = PythonVenv.forRequirements(REQUIREMENTS);
    PythonVenv second = PythonVenv.forRequirements(REQUIREMENTS);

    assertThat(second.directory()).isEqualTo(first.directory());
    assertThat(first.directory().resolve(".pedigree-ready")).exists();
    assertThat(first.python()).isExecutable();
  }
}
