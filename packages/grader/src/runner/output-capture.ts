/** Console output of each check, capped so a student's print loop cannot exhaust the grader's memory. */
export const OUTPUT_CAP_BYTES = 8 * 1024;

export class OutputCapture {
  #kept = new Map<string, string>();
  #dropped = new Map<string, number>();

  add(taskId: string | undefined, content: string): void {
    const key = taskId ?? '(file)';
    const kept = this.#kept.get(key) ?? '';
    const room = OUTPUT_CAP_BYTES - Buffer.byteLength(kept);
    if (room <= 0) {
      this.#dropped.set(key, (this.#dropped.get(key) ?? 0) + Buffer.byteLength(content));
      return;
    }
    const slice = content.length > room ? content.slice(0, room) : content;
    this.#kept.set(key, kept + slice);
    const rest = Buffer.byteLength(content) - Buffer.byteLength(slice);
    if (rest > 0) this.#dropped.set(key, (this.#dropped.get(key) ?? 0) + rest);
  }

  /** The captured output of one check, with a note of how much was cut. */
  of(taskId: string): string | undefined {
    const kept = this.#kept.get(taskId);
    const dropped = this.#dropped.get(taskId);
    if (kept === undefined) return undefined;
    return dropped ? `${kept}\n[… ${formatBytes(dropped)} more output cut]` : kept;
  }

  clear(): void {
    this.#kept.clear();
    this.#dropped.clear();
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
