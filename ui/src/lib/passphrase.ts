// What the window checks of a new passphrase before sending it (the backend checks again
// and names what it refuses).

import { LL } from './i18n.svelte';

/** Why a new passphrase typed twice cannot be used, or null. */
export function newPassphraseProblem(passphrase: string, confirm: string): string | null {
  if (passphrase.length === 0) return LL.gate.typeA();
  if (passphrase !== confirm) return LL.gate.notSame();
  return null;
}
