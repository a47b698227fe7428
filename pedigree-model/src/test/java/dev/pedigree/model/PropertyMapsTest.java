package dev.pedigree.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyMapsTest {
  @Test
  void propertyMapsStayOrderedAndReadOnlyThroughWithers() {
    Map<String, Value> properties = new HashMap<>(Map.of("b", Value.of(2), "a", Value.of(1), "c", Value.of(3)));
    Execution execution = Execution.of(1, "run", ExecutionState.RUNNING).withProperties(properties)
        .withCustomProperties(Map.of("z", Value.of("last"), "y", Value.of("first")));
    properties.put("d", Value.of(4));
    Execution derived = execution.withState(ExecutionState.COMPLETE).withCustomProperties(Map.of("x", Value.of(0)));

    assertThat(derived.properties()).containsExactly(Map.entry("a", Value.of(1)), Map.entry("b", Value.of(2)),
        Map.entry("c", Value.of(3)));
    assertThat(derived.properties()).isEqualTo(Map.of("a", Value.of(1), "b", Value.of(2), "c", Value.of(3)));
    assertThat(derived.properties()).hasSameHashCodeAs(Map.of("a", Value.of(1), "b", Value.of(2), "c", Value.of(3)));
    assertThat(execution.customProperties().keySet()).containsExactly("y", "z");
    assertThatThrownBy(() -> derived.properties().put("e", Value.of(5)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> derived.properties().entrySet().iterator().next().setValue(Value.of(9)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> derived.properties().keySet().remove("a"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
