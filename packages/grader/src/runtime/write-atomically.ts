import { rename, writeFile } from 'node:fs/promises';

/** Written whole or not at all: a reader (a polling check, the next process) never sees half of the file. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const partial = `${file}.${process.pid}.partial`;
  await writeFile(partial, text);
  await rename(partial, file);
}
