// Where the log tailer keeps its read positions across agent restarts. A port: the tailer needs only
// load and save; the JSON file store is the production implementation.

/** The read position in one file, and enough identity to know it is still the same file. */
export interface FilePosition {
  /** The path the file had when last read (it may since have been rotated to another name). */
  readonly path: string;
  /** Device and inode numbers, as decimal strings (they may exceed 2^53). */
  readonly device: string;
  readonly inode: string;
  /** Bytes consumed: always just after a newline, so a partial last line is re-read when complete. */
  readonly offsetBytes: number;
  /** Length and SHA-256 of the file's first bytes, to recognise a replaced file that reused the inode. */
  readonly headBytes: number;
  readonly headHash: string;
}

export interface PositionStore {
  /** The saved positions, or undefined when nothing was ever saved (a first start). */
  load(): Promise<readonly FilePosition[] | undefined>;
  /** Replaces all saved positions; when it resolves they survive a crash. */
  save(positions: readonly FilePosition[]): Promise<void>;
}
