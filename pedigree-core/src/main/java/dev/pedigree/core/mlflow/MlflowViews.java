package dev.pedigree.core.mlflow;

import dev.pedigree.store.mlflow.MlflowRows.DatasetInput;
import dev.pedigree.store.mlflow.MlflowRows.Experiment;
import dev.pedigree.store.mlflow.MlflowRows.LoggedModel;
import dev.pedigree.store.mlflow.MlflowRows.ModelVersion;
import dev.pedigree.store.mlflow.MlflowRows.RegisteredModel;
import dev.pedigree.store.mlflow.MlflowRows.Run;
import dev.pedigree.store.mlflow.MlflowRows.RunData;
import dev.pedigree.store.mlflow.MlflowRows.RunModel;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** What the MLflow services return: stored rows with the pieces MLflow shows beside them. */
public final class MlflowViews {
  private MlflowViews() {}

  /** One page of results; {@code nextPageToken} is null on the last page. */
  public record PageOf<T>(List<T> items, @Nullable String nextPageToken) {
    public PageOf {
      items = List.copyOf(items);
    }
  }

  public record RunView(Run info, RunData data, List<DatasetInput> inputs, List<RunModel> models) {
    public RunView {
      inputs = List.copyOf(inputs);
      models = List.copyOf(models);
    }
  }

  public record LoggedModelView(LoggedModel info, Map<String, String> params, Map<String, String> tags) {}

  public record ModelVersionView(ModelVersion version, Map<String, String> tags, List<String> aliases) {}

  public record RegisteredModelView(RegisteredModel model, Map<String, String> tags, Map<String, Integer> aliases,
      List<ModelVersionView> latestVersions) {}

  /** An experiment (its tags filled in). */
  public record ExperimentView(Experiment experiment) {}
}
