import type { ServiceContext } from "../context";
import type { ServiceCallOptions } from "./http-service";

/** What a console-service call carries from the caller: its identity, unchanged, and the request id. */
export function callerOptions(ctx: Pick<ServiceContext, "identity" | "requestId">): ServiceCallOptions {
  return { identity: ctx.identity.raw, requestId: ctx.requestId };
}
