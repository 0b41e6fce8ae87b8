export {
  createHttpService,
  type ClientCredentials,
  type HttpService,
  type HttpServiceOptions,
  type ServiceCall,
  type ServiceCallOptions,
  type ServiceReply,
} from "./http-service";
export { ServiceError, serviceError, type ServiceErrorFactory } from "./errors";
export { CallDeadline } from "./deadline";
export { isRetryableStatus } from "./failures";
export { callerOptions } from "./caller";
