package dev.pedigree.store;

/** The field a listing is ordered by; ties are always broken by id in the same direction. */
public enum OrderBy {
  ID,
  CREATE_TIME,
  UPDATE_TIME
}
