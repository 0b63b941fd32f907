// Types for scripts/lib/coturn.mjs (imported by TypeScript tests, e2e specs and benches).
export declare const LOCAL_TURN_REALM: string;

export type Coturn = {
  /** `turn:127.0.0.1:<port>?transport=udp` */
  url: string;
  /** The UDP and TCP TURN URLs (for TURN_URLS). */
  urls: string[];
  port: number;
  /** The [min, max] UDP ports coturn relays from (every relay candidate's port is in it). */
  relayPorts: [number, number];
  realm: string;
  /** coturn's log so far. */
  log(): string;
  stop(): Promise<void>;
};

export declare function startCoturn(options: {
  secret: string;
  port?: number;
  relayPorts?: [number, number];
  realm?: string;
}): Promise<Coturn>;

export declare function loopbackTurnConfig(options: {
  secret: string;
  port: number;
  relayPorts: [number, number];
  realm?: string;
  pidFile: string;
  dbFile: string;
}): string;
