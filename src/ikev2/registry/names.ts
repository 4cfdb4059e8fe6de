/**
 * Shared machinery for the IANA registries: each registry file declares its code points once,
 * as a frozen `NAME: number` object (usable as named constants), and derives the reverse map
 * from it. Names are IANA's, in their identifier form.
 */

export type Registry = Readonly<Record<string, number>>;

export function reverse(registry: Registry): ReadonlyMap<number, string> {
  const m = new Map<number, string>();
  for (const [name, value] of Object.entries(registry)) {
    // The first name listed wins, so aliases can follow their canonical name.
    if (!m.has(value)) m.set(value, name);
  }
  return m;
}

/** A closed range of code points and the label used for numbers in it that have no name. */
export interface Range {
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/**
 * Name lookup with a clear fallback: `PRIVATE_USE(40960)` inside a private-use range,
 * otherwise `<KIND>(n)` (e.g. `NOTIFY(50)`), so an unknown number is never mistaken for a name.
 */
export function namer(
  names: ReadonlyMap<number, string>,
  kind: string,
  ranges: readonly Range[] = [],
): (n: number) => string {
  return (n: number): string => {
    const name = names.get(n);
    if (name !== undefined) return name;
    for (const r of ranges) if (n >= r.from && n <= r.to) return `${r.label}(${n})`;
    return `${kind}(${n})`;
  };
}
