import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "./types";

/** The API's side of a shutdown: whether it drains, and how many requests its handlers still hold. */
export interface DrainState {
  draining: boolean;
  inFlight: number;
  /**
   * Called once when the drain begins: long-lived responses (event streams) end themselves, so
   * their connections close within the grace like every other.
   */
  onDrain: Set<() => void>;
}

export function createDrainState(): DrainState {
  return { draining: false, inFlight: 0, onDrain: new Set() };
}

/**
 * Counts the requests being handled (a handler keeps running when its client is gone: a compose
 * committed before the cut still gets its job), and once the process drains, answers every
 * request with `Connection: close`, so keep-alive clients open no further request on it.
 */
export function drainMiddleware(state: DrainState): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    state.inFlight++;
    try {
      await next();
    } finally {
      state.inFlight--;
      if (state.draining) c.header("Connection", "close");
    }
  };
}
