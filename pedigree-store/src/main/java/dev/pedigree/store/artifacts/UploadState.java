package dev.pedigree.store.artifacts;

/** Lifecycle of an upload session; the ordinal is stored. */
public enum UploadState {
  OPEN,
  COMMITTED,
  ABORTED,
  EXPIRED
}
