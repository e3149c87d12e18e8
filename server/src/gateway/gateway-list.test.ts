import { describe, expect, it } from 'vitest';
import { GatewayListWatch } from './gateway-list.ts';

describe('GatewayListWatch', () => {
  it("answers the region's gateways when they changed, in any order, else undefined", () => {
    let live = ['ws://a/c'];
    const watch = new GatewayListWatch(() => live);
    expect(watch.changed()).toEqual(['ws://a/c']);
    expect(watch.changed()).toBeUndefined();
    live = ['ws://a/c', 'ws://b/c'];
    expect(watch.changed()).toEqual(['ws://a/c', 'ws://b/c']);
    live = ['ws://b/c', 'ws://a/c'];
    expect(watch.changed()).toBeUndefined();
    live = ['ws://a/c'];
    expect(watch.changed()).toEqual(['ws://a/c']);
  });

  it('says nothing on one node (no list) or with an empty list', () => {
    expect(new GatewayListWatch(undefined).changed()).toBeUndefined();
    expect(new GatewayListWatch(() => []).changed()).toBeUndefined();
  });
});
