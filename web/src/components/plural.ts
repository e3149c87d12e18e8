// Every count the portal shows: "1 user", "2 users", "1 entry", "3 entries". One place, so
// no page says "1 users".
const IRREGULAR: Record<string, string> = { entry: 'entries', agent: 'agents', person: 'people' };

/** The plural of an English noun as the portal uses them (user → users, entry → entries). */
export function pluralOf(noun: string): string {
  const known = IRREGULAR[noun];
  if (known) return known;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** "1 group", "0 groups", "1,204 rooms"; `plural` when the noun is not regular. */
export function count(n: number, noun: string, plural?: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? noun : (plural ?? pluralOf(noun))}`;
}
