// Lets the problems list (first chunk) move the cursor in the editor (Monaco's chunk).

type Revealer = (line: number, column: number) => void;
let revealer: Revealer | null = null;

export function setRevealer(r: Revealer | null): void {
  revealer = r;
}

export function revealInEditor(line: number, column: number): void {
  revealer?.(line, column);
}
