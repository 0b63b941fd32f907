/** Counters and gauges for /metrics (JSON, or Prometheus text exposition). */
export type Metrics = ReturnType<typeof createMetrics>;

export function createMetrics() {
  const counters = {
    joins: 0,
    roomsCreated: 0,
    roomsRestored: 0,
    leaves: { left: 0, disconnected: 0, moved: 0 } as Record<string, number>,
    rejections: {} as Record<string, number>,
    droppedMessages: {} as Record<string, number>,
    wsConnections: 0,
    wsRefused: {} as Record<string, number>,
    wsReplaced: 0,
  };
  const bump = (bag: Record<string, number>, key: string) => {
    bag[key] = (bag[key] ?? 0) + 1;
  };
  return {
    counters,
    join: () => void counters.joins++,
    roomCreated: () => void counters.roomsCreated++,
    roomRestored: () => void counters.roomsRestored++,
    leave: (reason: string) => bump(counters.leaves, reason),
    rejection: (reason: string) => bump(counters.rejections, reason),
    dropped: (reason: string) => bump(counters.droppedMessages, reason),
    wsConnected: () => void counters.wsConnections++,
    wsRefused: (reason: string) => bump(counters.wsRefused, reason),
    wsReplaced: () => void counters.wsReplaced++,
    snapshot(gauges: { rooms: number; peers: number; members: number; uptimeSeconds: number }) {
      return {
        ...gauges,
        joins: counters.joins,
        roomsCreated: counters.roomsCreated,
        roomsRestored: counters.roomsRestored,
        leaves: { ...counters.leaves },
        rejections: { ...counters.rejections },
        droppedMessages: { ...counters.droppedMessages },
        wsConnections: counters.wsConnections,
        wsRefused: { ...counters.wsRefused },
        wsReplaced: counters.wsReplaced,
      };
    },
  };
}

const esc = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

/** Prometheus text format (version 0.0.4). */
export function toPrometheus(s: ReturnType<Metrics['snapshot']>): string {
  const lines: string[] = [];
  const gauge = (name: string, help: string, value: number) =>
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} gauge`, `${name} ${value}`);
  const counter = (name: string, help: string, value: number | Record<string, number>, label = 'reason') => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
    if (typeof value === 'number') lines.push(`${name} ${value}`);
    else for (const [k, v] of Object.entries(value)) lines.push(`${name}{${label}="${esc(k)}"} ${v}`);
  };
  gauge('chaekbang_rooms', 'Open rooms.', s.rooms);
  gauge('chaekbang_peers', 'Connected PeerJS sockets.', s.peers);
  gauge('chaekbang_members', 'Room members (connected or within the reconnect grace period).', s.members);
  gauge('chaekbang_uptime_seconds', 'Seconds since the server started.', s.uptimeSeconds);
  counter('chaekbang_joins_total', 'Successful room joins.', s.joins);
  counter('chaekbang_rooms_created_total', 'Rooms created.', s.roomsCreated);
  counter('chaekbang_rooms_restored_total', 'Rooms re-created by a returning member after a restart.', s.roomsRestored);
  counter('chaekbang_leaves_total', 'Members who left a room, by reason.', s.leaves);
  counter('chaekbang_rejections_total', 'Refused API requests, by error code.', s.rejections);
  counter('chaekbang_dropped_messages_total', 'Signalling messages dropped, by reason.', s.droppedMessages);
  counter('chaekbang_ws_connections_total', 'Accepted PeerJS sockets.', s.wsConnections);
  counter('chaekbang_ws_refused_total', 'Refused PeerJS sockets, by reason.', s.wsRefused);
  counter('chaekbang_ws_replaced_total', 'Stale sockets replaced by a reconnect of the same user.', s.wsReplaced);
  return `${lines.join('\n')}\n`;
}
