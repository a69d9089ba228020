// Logical disks: space and inodes of each real mounted file system (statfs on the mount points
// listed in /proc/mounts), skipping pseudo and in-memory file systems.
import { statfs } from 'node:fs/promises';
import type { Collector } from './collector.ts';
import { hostPath, readHostFile } from './host-files.ts';
import { sampleSink, type Sample } from './sample.ts';

// File systems that hold no user data. tmpfs is excluded because it is memory, reported by the
// memory collector; overlay stays because it is the root file system of containers.
const PSEUDO_FILE_SYSTEMS = new Set([
  'proc', 'sysfs', 'devtmpfs', 'devpts', 'tmpfs', 'ramfs', 'cgroup', 'cgroup2', 'securityfs', 'pstore',
  'debugfs', 'tracefs', 'mqueue', 'hugetlbfs', 'configfs', 'fusectl', 'autofs', 'binfmt_misc', 'bpf',
  'nsfs', 'rpc_pipefs', 'efivarfs', 'selinuxfs', 'squashfs', 'iso9660', 'fuse.gvfsd-fuse', 'fuse.portal',
]);

export interface MountEntry {
  readonly device: string;
  readonly mountPoint: string;
  readonly fileSystem: string;
}

/** Real mounts from /proc/mounts text, one per mount point (the last mount over a point wins, as the kernel shows it). */
export function parseMounts(text: string): MountEntry[] {
  const byMountPoint = new Map<string, MountEntry>();
  for (const line of text.split('\n')) {
    const [device, mountPoint, fileSystem] = line.split(' ');
    if (device === undefined || mountPoint === undefined || fileSystem === undefined) continue;
    if (PSEUDO_FILE_SYSTEMS.has(fileSystem)) continue;
    const entry = { device: unescapeMountField(device), mountPoint: unescapeMountField(mountPoint), fileSystem };
    byMountPoint.delete(entry.mountPoint);
    byMountPoint.set(entry.mountPoint, entry);
  }
  return [...byMountPoint.values()];
}

/** The kernel writes space, tab, newline and backslash in mount fields as octal escapes (\040). */
function unescapeMountField(field: string): string {
  return field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}

export const logicalDiskCollector: Collector = {
  name: 'logical-disk',
  async collect(ctx) {
    const samples: Sample[] = [];
    for (const mount of parseMounts(await readHostFile(ctx.rootPath, '/proc/mounts'))) {
      let stats;
      try {
        stats = await statfs(hostPath(ctx.rootPath, mount.mountPoint));
      } catch {
        // Unmounted between reading /proc/mounts and now, or not permitted: skip, not a failure.
        continue;
      }
      const sink = sampleSink(samples, { class: 'linux.logical-disk', key: mount.mountPoint }, ctx.nowMs);
      sink.text('device', mount.device);
      sink.text('file-system', mount.fileSystem);
      const totalBytes = stats.blocks * stats.bsize;
      const usedBytes = (stats.blocks - stats.bfree) * stats.bsize;
      const availableBytes = stats.bavail * stats.bsize;
      sink.numeric('total.bytes', totalBytes, 'bytes');
      sink.numeric('used.bytes', usedBytes, 'bytes');
      sink.numeric('free.bytes', availableBytes, 'bytes');
      // df's formula: space reserved for root counts neither as used nor as available to users.
      const usable = usedBytes + availableBytes;
      if (usable > 0) sink.numeric('free.percent', (availableBytes / usable) * 100, '%');
      // File systems without fixed inode tables (btrfs, many FUSE) report 0 inodes: nothing to say.
      if (stats.files > 0) {
        sink.numeric('inodes-total.count', stats.files, 'count');
        sink.numeric('inodes-free.count', stats.ffree, 'count');
        sink.numeric('inodes-free.percent', (stats.ffree / stats.files) * 100, '%');
      }
    }
    return { kind: 'collected', samples, counters: new Map() };
  },
};
