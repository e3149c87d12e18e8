// The delivery model of NatsEventBus (bus/README.md) on a real nats-server of the test's own:
// local handlers first and awaited, every other node once with {local: false}, never the
// publisher twice; messages that are no valid bus event are dropped and counted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import type { BusDelivery, BusEvent } from '../../src/bus/event-bus.ts';
import { NatsEventBus } from '../../src/bus/nats-event-bus.ts';
import { TestNats, waitFor } from './cluster-support.ts';

const silent = { error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined };
let nats: TestNats;
let one: NatsEventBus;
let two: NatsEventBus;

beforeAll(async () => {
  nats = await TestNats.start();
  const failed = (err: unknown) => {
    throw err;
  };
  one = await NatsEventBus.connect({ url: nats.url, nodeId: 'one', log: silent, onHandlerError: failed });
  two = await NatsEventBus.connect({ url: nats.url, nodeId: 'two', log: silent, onHandlerError: failed });
}, 30_000);
afterAll(async () => {
  await one?.close();
  await two?.close();
  await nats?.stop();
});

const event: BusEvent = { type: 'user.disabled', userId: 'u-1' };

describe('NatsEventBus', () => {
  it('delivers locally before publish resolves, to the other node once, and never twice to the publisher', async () => {
    const seenOne: Array<[string, BusDelivery]> = [];
    const seenTwo: Array<[string, BusDelivery]> = [];
    const offOne = one.subscribe(['user.disabled'], (e, d) => void seenOne.push([e.userId, d]));
    const offTwo = two.subscribe(['user.disabled'], (e, d) => void seenTwo.push([e.userId, d]));
    await one.publish(event);
    expect(seenOne).toEqual([['u-1', { local: true }]]);
    await waitFor('the other node', () => seenTwo.length === 1);
    expect(seenTwo).toEqual([['u-1', { local: false }]]);
    await new Promise((r) => setTimeout(r, 200));
    expect(seenOne).toHaveLength(1);
    offOne();
    offTwo();
  });

  it('drops what is not a valid bus event, counting it, and still delivers the next one', async () => {
    const seen: string[] = [];
    const off = two.subscribe((e) => void seen.push(e.type));
    const nc = await connect({ servers: nats.url });
    nc.publish('roomwarden.events.room.exploded', JSON.stringify({ type: 'room.exploded' }));
    nc.publish('roomwarden.events.user.disabled', JSON.stringify({ type: 'user.disabled' }));
    nc.publish('roomwarden.events.x', 'not json');
    await nc.flush();
    await nc.close();
    await one.publish(event);
    await waitFor('the valid one', () => seen.includes('user.disabled'));
    expect(two.stats.dropped).toBe(3);
    expect(seen).toEqual(['user.disabled']);
    off();
  });

  it('says NATS is unreachable while it is down, and nothing once it is back', async () => {
    expect(one.problem()).toBeUndefined();
    await nats.stop();
    await waitFor('problem reported', () => one.problem());
    expect(one.problem()).toMatch(/NATS unreachable/);
    await nats.start();
    await waitFor('reconnected', () => one.problem() === undefined, 30_000);
  });
});
