import type { ServiceContext } from "@ib/core";
import type { Context } from "hono";
import type { AppDeps } from "../deps";
import type { AppEnv } from "./types";

/** What a core verb needs to know about this request: who asks, under which id, with what. */
export function serviceContext(c: Context<AppEnv>, deps: AppDeps): ServiceContext {
  return { identity: c.var.identity, requestId: c.var.requestId, services: deps.services, log: c.var.log };
}
