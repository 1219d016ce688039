import { readFileSync } from 'node:fs';

/** The name and home a sandbox's user has in its /etc/passwd: no home on disk, as Debian's system users. */
export const SANDBOX_USER = 'learner';
export const SANDBOX_PASSWD_HOME = '/nonexistent';

/**
 * The /etc/passwd and /etc/group a sandbox running as `uid` sees: the system's own accounts (uid below 1000,
 * and nobody) and one line for `uid`. Without that line `os.userInfo()` and `os.homedir()` without HOME
 * throw (uv_os_homedir ENOENT), and code that is right loses points (lab 05's local invoke). The machine's
 * people are not listed: a learner has no business with their names.
 */
export function sandboxAccounts(
  uid: number,
  host: { passwd: string; group: string } = readHostAccounts(),
): { passwd: string; group: string } {
  const system = (text: string, idField: number) =>
    text
      .split('\n')
      .filter((line) => {
        const fields = line.split(':');
        const id = Number(fields[idField]);
        return (
          Number.isInteger(id) && (id < 1000 || id === 65534) && id !== uid && fields[0] !== SANDBOX_USER
        );
      })
      .join('\n');
  return {
    passwd: `${system(host.passwd, 2)}\n${SANDBOX_USER}:x:${uid}:${uid}:cloudlab learner:${SANDBOX_PASSWD_HOME}:/usr/sbin/nologin\n`,
    group: `${system(host.group, 2)}\n${SANDBOX_USER}:x:${uid}:\n`,
  };
}

function readHostAccounts(): { passwd: string; group: string } {
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return '';
    }
  };
  return { passwd: read('/etc/passwd'), group: read('/etc/group') };
}
