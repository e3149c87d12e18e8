// Room names for the simulated fleet: "Oslo – Fjord 3".
const CITIES = ['Oslo', 'Bergen', 'Stockholm', 'Copenhagen', 'Helsinki', 'Berlin', 'Amsterdam', 'Paris', 'London', 'Dublin', 'Lisbon', 'Madrid', 'Vienna', 'Zurich', 'Prague', 'Warsaw'];
const THEMES = ['Fjord', 'Aurora', 'Harbour', 'Summit', 'Atlas', 'Birch', 'Cedar', 'Delta', 'Echo', 'Granite', 'Horizon', 'Juniper', 'Lagoon', 'Meridian', 'Nordic', 'Pine'];

/** A distinct, stable name for room number `index` (0-based). */
export function roomName(index: number): string {
  const city = CITIES[index % CITIES.length] as string;
  const theme = THEMES[Math.floor(index / CITIES.length) % THEMES.length] as string;
  const n = Math.floor(index / (CITIES.length * THEMES.length)) + 1;
  return `${city} – ${theme} ${n}`;
}
