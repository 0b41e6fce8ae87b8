export {
  loadRateLimits,
  parseRateLimitFile,
  rateLimitFileSchema,
  rateLimitsFrom,
  type BudgetKind,
  type RateLimitBudget,
  type RateLimitFile,
  type RateLimits,
} from "./rate-limit-file";
