package dev.pedigree.core.artifacts;

import static java.util.Objects.requireNonNull;

import dev.pedigree.model.artifact.Sha256;
import dev.pedigree.store.blob.BlobVerification;
import java.util.List;

/**
 * What re-hashing the blobs of some versions found.
 *
 * @param blobsChecked distinct blobs re-read (manifests included)
 * @param bytesChecked bytes re-read
 * @param problems corrupt or missing blobs, each with the versions that need it
 */
public record VerifyReport(long versionsChecked, long blobsChecked, long bytesChecked, List<Problem> problems) {

  /** A blob that is corrupt or missing, and the versions ({@code collection:vN}) it breaks. */
  public record Problem(Sha256 digest, BlobVerification.Status status, List<String> versions) {
    public Problem {
      requireNonNull(digest, "digest");
      requireNonNull(status, "status");
      versions = List.copyOf(versions);
    }
  }

  public VerifyReport {
    problems = List.copyOf(problems);
  }

  public boolean ok() {
    return problems.isEmpty();
  }
}
