// Which node the agent's control connection goes to. At first the gateway it was enrolled
// with (or the one its config names); once a welcome lists the live nodes of its room's
// region, any of them. When the node it was on goes away, the next is one of the others at
// random, so that the agents of a dead node spread over the survivors instead of all
// choosing the same one; while none answers, each is tried in turn.
export class GatewayChoice {
  #known: string[];
  #current: string;

  constructor(
    home: string,
    private readonly random: () => number = Math.random,
  ) {
    this.#known = [home];
    this.#current = home;
  }

  get current(): string {
    return this.#current;
  }

  /** The nodes a welcome listed (this one among them); an empty list changes nothing. */
  learned(urls: readonly string[]): void {
    const unique = [...new Set(urls.filter((u) => /^wss?:\/\//.test(u)))];
    if (unique.length === 0) return;
    this.#known = unique.includes(this.#current) ? unique : [this.#current, ...unique];
  }

  /** Whether another node than the current one is known. */
  get hasAlternatives(): boolean {
    return this.#known.length > 1;
  }

  /** After the connection to the current node closed or failed: the node to try next. */
  next(afterLosingIt: boolean): string {
    const others = this.#known.filter((u) => u !== this.#current);
    if (others.length === 0) return this.#current;
    if (afterLosingIt) {
      const r = Math.min(Math.max(this.random(), 0), 0.999999);
      this.#current = others[Math.floor(r * others.length)]!;
    } else {
      // In turn, starting after the current one.
      const at = this.#known.indexOf(this.#current);
      this.#current = this.#known[(at + 1) % this.#known.length]!;
    }
    return this.#current;
  }
}
