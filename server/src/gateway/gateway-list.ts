// In a cluster the agents learn the live nodes of their region at welcome. When that list
// changes (a node joined, or left), the gateway tells its welcomed agents again (the
// `gateways` message): an agent that connected while its node was alone, or before the
// others started, would otherwise know no node to fail over to when its own restarts.
export class GatewayListWatch {
  #last = '';

  constructor(private readonly live: (() => readonly string[]) | undefined) {}

  /** The region's live gateways when they changed since the last call (in any order), else undefined. */
  changed(): string[] | undefined {
    const urls = [...(this.live?.() ?? [])];
    if (urls.length === 0) return undefined;
    const key = [...urls].sort().join(' ');
    if (key === this.#last) return undefined;
    this.#last = key;
    return urls;
  }
}
