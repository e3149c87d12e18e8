// What every feature module is built from: the configuration, the database and its
// transactions, the bus, the metrics registry, the log and the secret box.
import type { Registry } from 'prom-client';
import type { EventBus } from '../bus/event-bus.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/database.ts';
import type { Log } from '../platform/log.ts';
import type { Transactor } from '../repositories/transactor.ts';
import type { SecretBox } from '../secrets/index.ts';
import type { OnceInCluster } from '../cluster/once-in-cluster.ts';

export interface Infrastructure {
  config: Config;
  db: Db;
  /** The cluster's heartbeats and leases, on connections of their own (database.ts). */
  controlDb: Db;
  tx: Transactor;
  bus: EventBus;
  metrics: Registry;
  log: Log;
  secretBox: SecretBox;
  /** Periodic work done by one node at a time (under a lease in a cluster). */
  onceInCluster: OnceInCluster;
}
