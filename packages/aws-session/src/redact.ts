/** `AKIAIOSFODNN7EXAMPLE` → `AKIA…MPLE`: enough to tell two keys apart, never enough to use one. */
export function redactAccessKey(accessKeyId: string): string {
  if (accessKeyId.length < 16) return '…';
  return `${accessKeyId.slice(0, 4)}…${accessKeyId.slice(-4)}`;
}

/** Replaces every occurrence of each secret in `text` (for error messages that echo SDK output). */
export function scrubSecrets(text: string, secrets: Array<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 8) out = out.split(secret).join('[redacted]');
  }
  return out;
}
