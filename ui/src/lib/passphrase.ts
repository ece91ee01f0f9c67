// What the window checks of a new passphrase before sending it (the backend checks again
// and names what it refuses).

/** Why a new passphrase typed twice cannot be used, or null. */
export function newPassphraseProblem(passphrase: string, confirm: string): string | null {
  if (passphrase.length === 0) return 'Type a passphrase.';
  if (passphrase !== confirm) return 'The two passphrases are not the same.';
  return null;
}
