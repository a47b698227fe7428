package dev.pedigree.store;

import dev.pedigree.model.Association;
import dev.pedigree.model.Attribution;
import dev.pedigree.model.Event;
import dev.pedigree.model.Node;
import dev.pedigree.model.NodeType;
import dev.pedigree.model.ParentContext;
import dev.pedigree.model.PropertyType;
import dev.pedigree.model.TypeKind;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Writes inside one transaction. The store persists what it is given: validation against type
 * schemas happens in the core before these calls. Uniqueness violations surface as
 * {@code ALREADY_EXISTS}, missing referenced rows as {@code NOT_FOUND}.
 */
public interface WriteTransaction extends ReadTransaction {

  /**
   * Runs {@code work} all-or-nothing inside this transaction (a savepoint): when it throws, what it
   * wrote is undone, the exception propagates, and the transaction stays usable for further work.
   * Lets one transaction apply many independent units, each atomic on its own.
   */
  <T> T atomically(TransactionWork<WriteTransaction, T> work);

  /**
   * The nodes with these ids, locked against concurrent writers until the transaction ends (so a
   * read-modify-write never loses a concurrent update).
   */
  List<Node> findNodesForUpdate(TypeKind kind, Collection<Long> ids);

  /**
   * A node read earlier in this transaction, as stored now and locked until the transaction ends:
   * read again under the lock where writers run concurrently (PostgreSQL); where one writer applies
   * transactions in turn (SQLite) nothing can have changed it, so it is returned as given.
   */
  Node lockForUpdate(Node readEarlier);

  /** Inserts a new type and its property schema; returns it with its id. */
  NodeType insertType(NodeType type);

  /** Adds properties to a stored type's schema (existing properties are never changed here). */
  void addTypeProperties(NodeType storedType, Map<String, PropertyType> added);

  /**
   * Inserts new nodes (ids null) in one batch, all stamped with {@code timeMs}; returns them with
   * their ids, in input order.
   */
  List<Node> insertNodes(List<? extends Node> nodes, long timeMs);

  /**
   * Replaces stored nodes (ids set) with the given content; create times are kept and the update
   * time becomes {@code timeMs}. Returns the stored versions, in input order.
   */
  List<Node> updateNodes(List<? extends Node> nodes, long timeMs);

  /**
   * Replaces one stored node with {@code updated} like {@link #updateNodes}, but writes only the
   * properties that differ from {@code stored}, which must be the node as read in this transaction
   * (same id): a run that changes state rewrites one property, not all of them. Returns the stored
   * version.
   */
  Node updateNode(Node stored, Node updated, long timeMs);

  /** Inserts events (both ids set; time 0 means {@code timeMs}). */
  void insertEvents(List<Event> events, long timeMs);

  /** Inserts attributions that do not exist yet; existing ones are left alone. */
  void insertAttributions(List<Attribution> attributions);

  /** Inserts associations that do not exist yet; existing ones are left alone. */
  void insertAssociations(List<Association> associations);

  /** Inserts parent links; an existing link is {@code ALREADY_EXISTS}. */
  void insertParentContexts(List<ParentContext> links);
}
