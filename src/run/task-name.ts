/** `00003`: the 5-digit name that starts every file a task writes (a module of its own: steps import it). */
export function taskName(index: number): string {
  return String(index).padStart(5, "0");
}
