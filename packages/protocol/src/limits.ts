// Size limits of the link protocol. They are part of the wire contract: both ends enforce them,
// the schemas carry them (maxLength, maxItems) and decodeFrame checks the frame size before it
// parses anything, so a hostile or broken peer cannot make a receiver allocate without bound.

/** Largest frame (UTF-8 bytes) either end accepts. Senders split batches to stay under it. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;
/** Most items in one batch; the agent spool packages at most this many per batch. */
export const MAX_BATCH_ITEMS = 10_000;
/** Names and identifiers: agent names, host names, counters, class and workflow ids. */
export const MAX_NAME_LENGTH = 256;
/** Object keys (a monitored object's natural key path, e.g. host/service/instance). */
export const MAX_KEY_LENGTH = 1024;
/** Free text carried in items: event messages, alert descriptions, state-change context. */
export const MAX_TEXT_LENGTH = 16 * 1024;
/** PEM documents (CSR, certificate, CA certificate). */
export const MAX_PEM_LENGTH = 16 * 1024;
/** Output of one task, as returned to the MS. Larger output is truncated by the agent. */
export const MAX_TASK_OUTPUT_LENGTH = 1024 * 1024;
/** Entries in a property map (discovery properties, event data, task parameters). */
export const MAX_MAP_ENTRIES = 256;
/** Instances in one discovery item. */
export const MAX_DISCOVERY_INSTANCES = 5_000;
/** Workflows in one config message. */
export const MAX_CONFIG_WORKFLOWS = 20_000;
/** Depth of the free-form JSON allowed in workflow configuration. */
export const MAX_JSON_DEPTH = 4;
/** Servers in a failover list. */
export const MAX_FAILOVER_SERVERS = 64;
/** Capabilities announced in hello. */
export const MAX_CAPABILITIES = 64;
/** Protocol versions offered in hello. */
export const MAX_OFFERED_VERSIONS = 16;
