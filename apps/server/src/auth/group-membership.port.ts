// The port through which scoping asks "what do these role scopes cover?". A role's scope names
// groups (by id or display name) and classes; the health model answers with group ids (whose
// group_member rows include nested groups' members) and class ids including derived classes.
// Owned by its consumer (the scope filter); `createStoreGroupMembership` is the real one.

export interface ResolvedScope {
  /** null = any group (the role names none). */
  readonly groupIds: readonly string[] | null;
  /** null = any class (the role names none); otherwise the named classes and their derived ones. */
  readonly classIds: readonly string[] | null;
}

export interface GroupMembershipPort {
  /** Ids of the agents (computers) monitoring at least one member of `groupNames`, or 'all'. */
  agentsInGroups(groupNames: readonly string[]): Promise<'all' | ReadonlySet<string>>;
  /** Group and class ids for one role scope; absent = object scopes admit everything. */
  resolveScope?(scope: { readonly groups: readonly string[]; readonly classes: readonly string[] }): Promise<ResolvedScope>;
}

/** Scopes admit everything: for tests about something other than scoping. */
export const noGroupsYet: GroupMembershipPort = {
  async agentsInGroups() {
    return 'all';
  },
};
