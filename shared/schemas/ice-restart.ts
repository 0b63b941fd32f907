import { z } from 'zod';

/**
 * An ICE restart offer or answer between two members, sent through the signalling socket (the peer-server
 * relays it between room-mates only, like any OFFER/ANSWER/CANDIDATE). It rides in a PeerJS `CANDIDATE`
 * frame whose payload has no `connectionId`, so PeerJS itself ignores it; the room engine reads it
 * (extension/features/room/ice-recovery.ts). It came from another machine: parse it, never trust it.
 */
export const ICE_RESTART_LIMITS = { connectionId: 64, sdp: 24 * 1024 } as const;

export const IceRestartSignalSchema = z.strictObject({
  chaekbang: z.literal('ice-restart'),
  /** The PeerJS connection id of the call or data connection being restarted. */
  connection: z
    .string()
    .min(1)
    .max(ICE_RESTART_LIMITS.connectionId)
    .regex(/^[A-Za-z0-9_-]+$/),
  description: z.strictObject({
    type: z.enum(['offer', 'answer']),
    sdp: z.string().min(1).max(ICE_RESTART_LIMITS.sdp),
  }),
});
export type IceRestartSignal = z.infer<typeof IceRestartSignalSchema>;
