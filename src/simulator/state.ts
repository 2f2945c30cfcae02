// Everything the simulator remembers, shared by both listeners.
import { SimClock } from "./clock.js";
import { Counters } from "./counters.js";
import { ADMIN_ROLE_ID, HOME_DIVISION_ID } from "./directory.js";
import { FaultQueue } from "./faults.js";
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
  admin: StoredClient;
}

export const ADMIN_CLIENT_NAME = "Simulator admin (seeded)";

export function createState(secretPrefix: string): SimulatorState {
  const clock = new SimClock();
  const clients = new ClientStore(clock, secretPrefix);
  // The admin's secret never carries the prefix: the prefix marks secrets the code under test created.
  const admin = clients.create(
    {
      name: ADMIN_CLIENT_NAME,
      description: "Seeded by the simulator; holds the OAuth Client Admin role.",
      authorizedGrantType: "CLIENT-CREDENTIALS",
      registeredRedirectUri: [],
      scope: [],
      roleDivisions: [{ roleId: ADMIN_ROLE_ID, divisionId: HOME_DIVISION_ID }],
      roleIds: [],
      accessTokenValiditySeconds: DEFAULT_VALIDITY_SECONDS,
      state: "active",
    },
    undefined,
    randomToken(),
  );
  return { clock, clients, tokens: new TokenStore(clock), counters: new Counters(), faults: new FaultQueue(), admin };
}
