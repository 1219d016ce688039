import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import {
  DEFAULT_LIMITS,
  formatMiB,
  SKIPPED_FOLDERS,
  type SubmissionLimits,
  UnsafeSubmissionError,
} from './limits.ts';

const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

/**
 * Extracts a learner's zip into `target` with yauzl, which rejects absolute and `..` entry names and
 * checks every entry's real size against its declared one. On top: symlink entries are skipped (noted),
 * and a zip whose entries claim too much, or compress too well, is refused before anything is inflated.
 * Returns the notes for the gradebook; throws UnsafeSubmissionError to refuse the whole zip.
 */
export async function safeUnzip(
  zipPath: string,
  target: string,
  limits: SubmissionLimits = DEFAULT_LIMITS,
): Promise<string[]> {
  const root = resolve(target);
  await mkdir(root, { recursive: true });
  const zip = await openZip(zipPath).catch((error: Error) => {
    throw new UnsafeSubmissionError(`not a readable zip: ${error.message}`);
  });
  const notes: string[] = [];
  let files = 0;
  let total = 0;
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const name = entry.fileName;
      if (name.split('/').some((part) => SKIPPED_FOLDERS.has(part))) continue;
      const mode = (entry.externalFileAttributes >>> 16) & S_IFMT;
      if (mode === S_IFLNK) {
        notes.push(`symlink ${name} in the zip was not extracted`);
        continue;
      }
      if (name.endsWith('/')) {
        await mkdir(inside(root, name), { recursive: true });
        continue;
      }
      files += 1;
      total += entry.uncompressedSize;
      const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
      if (files > limits.maxFiles) throw new UnsafeSubmissionError(`more than ${limits.maxFiles} files`);
      if (entry.uncompressedSize > limits.maxFileBytes)
        throw new UnsafeSubmissionError(
          `${name} unpacks to ${formatMiB(entry.uncompressedSize)} (limit ${formatMiB(limits.maxFileBytes)})`,
        );
      if (total > limits.maxTotalBytes)
        throw new UnsafeSubmissionError(`unpacks to more than ${formatMiB(limits.maxTotalBytes)}`);
      if (entry.uncompressedSize > 1024 * 1024 && ratio > limits.maxRatio)
        throw new UnsafeSubmissionError(`${name} compresses ${Math.round(ratio)}:1 — a zip bomb?`);
      const path = inside(root, name);
      await mkdir(dirname(path), { recursive: true });
      await pipeline(await openEntry(zip, entry), createWriteStream(path, { mode: 0o644 }));
    }
  } catch (error) {
    if (error instanceof UnsafeSubmissionError) throw error;
    // yauzl's own refusals (`invalid relative path: ../x`, size mismatches, bad archives) refuse the zip too.
    throw new UnsafeSubmissionError((error as Error).message);
  } finally {
    zip.close();
  }
  return notes;
}

/** Belt and braces on top of yauzl's name check: the path must stay inside the target folder. */
function inside(root: string, name: string): string {
  const path = resolve(root, name);
  const rel = relative(root, path);
  if (rel.startsWith(`..${sep}`) || rel === '..' || resolve(root, rel) !== path)
    throw new UnsafeSubmissionError(`entry ${name} points outside the submission`);
  return join(root, rel);
}

function openZip(path: string): Promise<ZipFile> {
  return new Promise((done, fail) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true }, (error, zip) =>
      error ? fail(error) : done(zip),
    ),
  );
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((done, fail) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => {
      cleanup();
      done(entry);
    };
    const onEnd = () => {
      cleanup();
      done(undefined);
    };
    const onError = (error: Error) => {
      cleanup();
      fail(error);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: ZipFile, entry: Entry): Promise<NodeJS.ReadableStream> {
  return new Promise((done, fail) =>
    zip.openReadStream(entry, (error, stream) => (error ? fail(error) : done(stream))),
  );
}
