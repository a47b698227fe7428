package dev.pedigree.core.metadata;

/**
 * What a put of an existing type may change (MLMD's {@code can_add_fields} / {@code can_omit_fields}).
 * Without either, the request must list exactly the stored properties.
 */
public record TypeEvolution(boolean canAddFields, boolean canOmitFields) {
  public static final TypeEvolution STRICT = new TypeEvolution(false, false);
  public static final TypeEvolution ADD_FIELDS = new TypeEvolution(true, false);
  public static final TypeEvolution ADD_AND_OMIT_FIELDS = new TypeEvolution(true, true);
}
