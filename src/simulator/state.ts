// Everything the simulator remembers, shared by both listeners.
import { SimClock } from "./clock.js";
import { Counters } from "./counters.js";
import { ADMIN_ROLE_ID, ALL_ROLE_IDS, HOME_DIVISION_ID } from "./directory.js";
import { FaultQueue } from "./faults.js";
import { DEFAULT_READ_LAG, type ReadLag } from "./lag.js";
import { randomToken } from "./secrets.js";
import { ClientStore, type StoredClient } from "./store.js";
import { TokenStore } from "./tokens.js";
import { DEFAULT_VALIDITY_SECONDS } from "./validation.js";

export interface SimulatorState {
  clock: SimClock;
  clients: ClientStore;
  tokens: TokenStore;
  counters: Counters;
  faults: FaultQueue;
  /** Mutable: POST /__sim/lag changes it for the clients created after. */
  lag: ReadLag;
  admin: StoredClient;
}

export const ADMIN_CLIENT_NAME = "Simulator admin (seeded)";

export function createState(secretPrefix: string, lag: Partial<ReadLag> = {}): SimulatorState {
  const clock = new SimClock();
  const readLag: ReadLag = { ...DEFAULT_READ_LAG, ...lag };
  const clients = new ClientStore(clock, secretPrefix, readLag);
  // The admin's secret never carries the prefix: the prefix marks secrets the code under test created.
  const admin = clients.create(
    {
      name: ADMIN_CLIENT_NAME,
      description: "Seeded by the simulator; holds every seeded role (a caller may assign only roles it holds).",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      registeredRedirectUri: [],
      scope: [],
      roleDivisions: [ADMIN_ROLE_ID, ...ALL_ROLE_IDS.filter((id) => id !== ADMIN_ROLE_ID)].map((roleId) => ({ roleId, divisionId: HOME_DIVISION_ID })),
      roleIds: [],
      accessTokenValiditySeconds: DEFAULT_VALIDITY_SECONDS,
      state: "active",
    },
    undefined,
    randomToken(),
  );
  return { clock, clients, tokens: new TokenStore(clock), counters: new Counters(), faults: new FaultQueue(), lag: readLag, admin };
}
