// Which bus a node uses: NATS when NATS_URL is set (a cluster), else the in-process one.
import type { NatsConnection } from '@nats-io/transport-node';
import type { Config } from '../config.ts';
import type { Log } from '../platform/log.ts';
import { LocalEventBus, type BusEvent, type EventBus } from './event-bus.ts';
import { NatsEventBus, type BusHealth } from './nats-event-bus.ts';

export interface NodeBus {
  bus: EventBus;
  /** Why the bus does not reach the other nodes now, for /readyz; one node alone is always fine. */
  health: BusHealth;
  /** In a cluster: the NATS connection, shared by the node channel. */
  nats?: NatsConnection;
}

export async function createEventBus(config: Pick<Config, 'natsUrl' | 'nodeId'>, log: Log): Promise<NodeBus> {
  const onHandlerError = (err: unknown, event: BusEvent) => log.error({ err, event: event.type }, 'bus handler failed');
  if (config.natsUrl === undefined) return { bus: new LocalEventBus(onHandlerError), health: { problem: () => undefined } };
  const bus = await NatsEventBus.connect({ url: config.natsUrl, nodeId: config.nodeId, log, onHandlerError, reconnectTimeWaitMs: 500 });
  log.info({ nats: config.natsUrl, nodeId: config.nodeId }, 'cluster bus on NATS');
  return { bus, health: bus, nats: bus.connection };
}
