// Quoting for the commands Kiln prints for the user to paste ("Next: kiln build ...").
// POSIX sh rules: a word of safe characters stays as it is; anything else goes in single
// quotes, with each ' written as '\''. (Windows users paste into PowerShell, where the same
// single-quoted form works for paths without a quote in them.)
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function shellQuote(word: string): string {
  if (word !== '' && SAFE.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
