/**
 * A serial line's unplug and replug as `link-lost` / `link-restored` device events, for the
 * drivers whose transport has no resync hook of its own (the bench pumps): every driver reports
 * them, so the controller can raise LINK_LOST and clear it again.
 */
import type { SerialLink } from '../transport/index.ts';
import type { UnstampedDeviceEvent } from './pump-device.ts';

/** Returns the unsubscribe. */
export function forwardLinkEvents(link: Pick<SerialLink, 'on'>, emit: (event: UnstampedDeviceEvent) => void): () => void {
  const offLost = link.on('disconnected', (e) =>
    emit({ type: 'link-lost', detail: { path: e.path, reason: 'disconnected', error: e.error?.message ?? null } }),
  );
  const offBack = link.on('reconnected', (e) =>
    emit({
      type: 'link-restored',
      detail: { reason: 'reconnect', attempts: e.attempts, state: 'unknown', deliveredMl: null, reservoirMl: null },
    }),
  );
  return () => {
    offLost();
    offBack();
  };
}
