/**
 * A minimal typed event emitter. Node's EventEmitter would do, but its listener lookup and
 * `arguments` handling cost more on the per-byte hot path, and its typing is loose.
 */
export type Listener<T> = (payload: T) => void;

export class TypedEmitter<Events extends object> {
  private readonly listeners: { [K in keyof Events]?: Listener<Events[K]>[] } = {};

  /** Subscribes; returns the matching unsubscribe function. */
  on<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const list = this.listeners[event];
    if (list === undefined) this.listeners[event] = [listener];
    else list.push(listener);
    return () => this.off(event, listener);
  }

  once<K extends keyof Events>(event: K, listener: Listener<Events[K]>): () => void {
    const off = this.on(event, (payload) => {
      off();
      listener(payload);
    });
    return off;
  }

  off<K extends keyof Events>(event: K, listener: Listener<Events[K]>): void {
    const list = this.listeners[event];
    if (list === undefined) return;
    const index = list.indexOf(listener);
    // Copy-on-write so an emit that is iterating the old array is not disturbed.
    if (index >= 0) this.listeners[event] = list.filter((_, i) => i !== index);
  }

  listenerCount<K extends keyof Events>(event: K): number {
    return this.listeners[event]?.length ?? 0;
  }

  protected emit<K extends keyof Events>(event: K, payload: Events[K]): void {
    const list = this.listeners[event];
    if (list === undefined) return;
    for (const listener of list) listener(payload);
  }
}
